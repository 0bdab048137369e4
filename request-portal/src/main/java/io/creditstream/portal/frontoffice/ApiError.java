package io.creditstream.portal.frontoffice;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The one error format of the front-office API, whatever the status: a stable code for machines, a
 * message for people, and the problems with particular fields (empty when the error is not about a
 * field).
 */
@Schema(name = "ApiError", description = "Every error answer of the API has this shape.")
public record ApiError(
    @Schema(
            description =
                "stable code: validation_failed, empty_body, invalid_json, payload_too_large,"
                    + " unsupported_media_type, not_acceptable, method_not_allowed, unauthorized,"
                    + " forbidden, not_found, idempotency_key_reused, in_progress, rate_limited,"
                    + " not_published")
        String error,
    @Schema(description = "for people; never contains a secret") String message,
    @Schema(description = "what is wrong with which field; empty when no field is at fault")
        List<FieldProblem> fieldErrors) {

  public static ApiError of(String error, String message) {
    return new ApiError(error, message, List.of());
  }

  public static ApiError of(String error, String message, FieldProblem problem) {
    return new ApiError(error, message, List.of(problem));
  }
}
