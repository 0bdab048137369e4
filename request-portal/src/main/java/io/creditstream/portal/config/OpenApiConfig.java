package io.creditstream.portal.config;

import io.creditstream.avro.LoanApplication;
import io.creditstream.portal.frontoffice.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema.Field;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs}: title, the API-key scheme, the
 * application body generated from the {@code LoanApplication} Avro schema (so it cannot drift from
 * the contract: every column, its type, whether it may be null, its documentation), and the one
 * {@link ApiError} format on every error answer, including the ones Spring gives (415).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

  /** Set by the portal, never by the submitter. */
  private static final Set<String> SET_BY_PORTAL = Set.of("submittedAt");

  /** Optional in the API although the record always has them: the portal fills them in. */
  private static final Set<String> OPTIONAL_IN_API = Set.of("applicationId", "channel");

  private static final String ERROR_REF = "#/components/schemas/ApiError";

  @Bean
  OpenAPI portalOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("creditstream request portal: front-office API")
                .version("v1")
                .description(
                    "Submit loan applications (Kaggle Home Credit application columns) and read"
                        + " their decisions. Authenticate with the X-API-Key header. Every error"
                        + " answer is an ApiError: {error, message, fieldErrors}."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("X-API-Key")))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"));
  }

  @Bean
  OpenApiCustomizer applicationBodyAndErrors() {
    return api -> {
      boolean v31 = api.getSpecVersion() == SpecVersion.V31;
      api.getComponents().addSchemas("LoanApplication", loanApplication(v31));
      ModelConverters.getInstance()
          .readAll(ApiError.class)
          .forEach(api.getComponents()::addSchemas);
      if (api.getPaths() == null) {
        return;
      }
      api.getPaths()
          .forEach(
              (path, item) ->
                  item.readOperations()
                      .forEach(
                          op -> {
                            if (path.equals("/api/v1/applications") && item.getPost() == op) {
                              op.requestBody(
                                  new RequestBody()
                                      .required(true)
                                      .description(
                                          "The application: Kaggle application_* columns under"
                                              + " their names, from LoanApplication.avsc")
                                      .content(json("#/components/schemas/LoanApplication")));
                              op.getResponses()
                                  .addApiResponse(
                                      "415",
                                      new ApiResponse()
                                          .description("the body is not application/json"));
                              op.getResponses()
                                  .addApiResponse(
                                      "400",
                                      op.getResponses()
                                          .getOrDefault("400", new ApiResponse())
                                          .description(
                                              "field errors (missing, wrong_type, out_of_range,"
                                                  + " invalid_value, unknown_field, invalid_json),"
                                                  + " or an empty body (empty_body)"));
                            }
                            op.getResponses()
                                .putIfAbsent(
                                    "401", new ApiResponse().description("no or unknown API key"));
                            op.getResponses()
                                .forEach(
                                    (status, response) -> {
                                      if (status.startsWith("4") || status.startsWith("5")) {
                                        response.setContent(json(ERROR_REF));
                                      }
                                    });
                          }));
    };
  }

  private static Content json(String ref) {
    return new Content()
        .addMediaType(
            org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
            new MediaType().schema(new Schema<>().$ref(ref)));
  }

  /** The body's schema, field by field from the Avro record. */
  static Schema<Object> loanApplication(boolean v31) {
    org.apache.avro.Schema avro = LoanApplication.getClassSchema();
    Schema<Object> schema = new Schema<>();
    schema.type("object");
    if (v31) {
      schema.types(new LinkedHashSet<>(List.of("object")));
    }
    schema.description(avro.getDoc());
    schema.additionalProperties(false);
    List<String> required = new ArrayList<>();
    for (Field f : avro.getFields()) {
      if (SET_BY_PORTAL.contains(f.name())) {
        continue;
      }
      org.apache.avro.Schema type = f.schema();
      boolean nullable = false;
      if (type.getType() == org.apache.avro.Schema.Type.UNION) {
        nullable =
            type.getTypes().stream().anyMatch(t -> t.getType() == org.apache.avro.Schema.Type.NULL);
        type =
            type.getTypes().stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL)
                .findFirst()
                .orElse(type);
      }
      String jsonType =
          switch (type.getType()) {
            case INT, LONG -> "integer";
            case FLOAT, DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            default -> "string";
          };
      Schema<Object> property = new Schema<>();
      if (v31) {
        Set<String> types = new LinkedHashSet<>(List.of(jsonType));
        if (nullable) {
          types.add("null");
        }
        property.types(types);
      } else {
        property.type(jsonType);
        if (nullable) {
          property.nullable(true);
        }
      }
      if (type.getType() == org.apache.avro.Schema.Type.ENUM) {
        property.setEnum(new ArrayList<>(type.getEnumSymbols()));
      }
      if (f.doc() != null) {
        property.description(f.doc());
      }
      schema.addProperty(f.name(), property);
      if (!nullable && !f.hasDefaultValue() && !OPTIONAL_IN_API.contains(f.name())) {
        required.add(f.name());
      }
    }
    schema.required(required);
    return schema;
  }
}
