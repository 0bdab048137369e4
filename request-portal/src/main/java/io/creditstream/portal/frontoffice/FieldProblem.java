package io.creditstream.portal.frontoffice;

/**
 * One thing wrong with one field of a submitted application. {@code code} is stable for machines
 * ({@code missing}, {@code wrong_type}, {@code out_of_range}, {@code invalid_value}, {@code
 * unknown_field}, {@code invalid_json}); {@code message} is for people.
 */
public record FieldProblem(String field, String code, String message) {}
