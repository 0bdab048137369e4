/**
 * The auditors' pages (role AUDITOR, form login): decision search and full records, outcome and
 * score distributions per model version, drift reports and replay reports.
 */
package io.creditstream.portal.audit;
