package io.steadfast.runtime.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What every operation shares and annotations cannot say once: the JSON error body with its stable codes (every
 * operation's {@code default} response), and the {@code Idempotency-Key} header's contract wherever a command takes
 * it. The operations, their parameters, bodies and roles come from the JAX-RS and security annotations.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {

    static final String ERROR_SCHEMA = "ApiError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(ERROR_SCHEMA, errorSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(OpenApiContract::describe));
    }

    private static void describe(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().getDefaultValue() == null) {
            operation.getResponses().setDefaultValue(errorResponse());
        }
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(parameter -> parameter.getIn() == Parameter.In.HEADER
                            && "Idempotency-Key".equalsIgnoreCase(parameter.getName()))
                    .forEach(OpenApiContract::describeIdempotencyKey);
        }
    }

    private static void describeIdempotencyKey(Parameter key) {
        key.setRequired(true);
        key.setDescription("Makes the command safe to retry: a request with a key already used for the same body"
                + " gets the first answer again, byte for byte, and the effect happens once. The same key with"
                + " another body is refused (422 idempotency-key-reused); while the first request is still"
                + " processed, 409 idempotency-key-in-flight. Keys are kept for steadfast.idempotency.retention.");
    }

    private static APIResponse errorResponse() {
        return OASFactory.createAPIResponse()
                .description("An error: a JSON body with a stable code (see the ApiError schema), never a stack trace")
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
    }

    private static Schema errorSchema() {
        List<Object> codes = new ArrayList<>(ErrorCodes.ALL.keySet());
        StringBuilder meaning = new StringBuilder("A stable, machine-readable code:");
        for (Map.Entry<String, String> code : ErrorCodes.ALL.entrySet()) {
            meaning.append("\n- `").append(code.getKey()).append("`: ").append(code.getValue());
        }
        return OASFactory.createSchema()
                .description("The body of every error response.")
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .enumeration(codes).description(meaning.toString()))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("What went wrong, for a person; it may change between versions."))
                .required(List.of("code", "message"));
    }
}
