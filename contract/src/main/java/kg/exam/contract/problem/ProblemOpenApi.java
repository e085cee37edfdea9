package kg.exam.contract.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;

/**
 * The problem document ({@link ProblemDocument}) in the services' OpenAPI documents: its schema,
 * and a {@code 4XX} problem response on every operation. Needs swagger's models on the class path
 * (the services have them through springdoc; contract declares them optional).
 */
public final class ProblemOpenApi {
  /** The schema's name under {@code components/schemas}. */
  public static final String SCHEMA_NAME = "Problem";

  private ProblemOpenApi() {}

  /** The RFC 9457 problem document as the services write it. */
  public static Schema<?> schema() {
    ObjectSchema problem = new ObjectSchema();
    problem.setDescription("RFC 9457 problem details");
    problem.addProperty(
        "type",
        new StringSchema().description("urn:kg-exam:problem:<name>, stable: the reason to act on"));
    problem.addProperty("title", new StringSchema().description("short, for people"));
    problem.addProperty("status", new IntegerSchema().description("the HTTP status"));
    problem.addProperty("detail", new StringSchema().description("what exactly was refused"));
    problem.addProperty("instance", new StringSchema().description("the request path"));
    problem.setRequired(List.of("type", "title", "status"));
    return problem;
  }

  /**
   * Adds the problem schema to the document's components, and a {@code 4XX} problem response to
   * every operation that has none.
   */
  public static void addProblemResponses(OpenAPI api) {
    if (api.getComponents() == null) {
      api.setComponents(new Components());
    }
    api.getComponents().addSchemas(SCHEMA_NAME, schema());
    if (api.getPaths() == null) {
      return;
    }
    ApiResponse problem =
        new ApiResponse()
            .description("Refused: a problem document whose type names the reason")
            .content(
                new Content()
                    .addMediaType(
                        ProblemDocument.MEDIA_TYPE,
                        new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA_NAME))));
    api.getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations()
                    .forEach(
                        op -> {
                          if (op.getResponses() == null) {
                            op.setResponses(new ApiResponses());
                          }
                          op.getResponses().putIfAbsent("4XX", problem);
                        }));
  }
}
