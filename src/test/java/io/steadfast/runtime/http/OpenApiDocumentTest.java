package io.steadfast.runtime.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document against the code: every JAX-RS operation in it, with the contract the callers rely on. */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<Class<? extends java.lang.annotation.Annotation>> METHODS = List.of(GET.class,
            POST.class, PUT.class, DELETE.class);

    @Test
    void everyJaxRsOperationIsInTheDocumentWithTheErrorBody() {
        JsonPath document = document();
        List<String> operations = operations();
        assertThat(operations).as("operations found in the code").hasSizeGreaterThan(20);
        for (String operation : operations) {
            String[] parts = operation.split(" ", 2);
            String path = "paths.'" + parts[1] + "'." + parts[0].toLowerCase(Locale.ROOT);
            assertThat(document.getMap(path)).as("%s in /q/openapi", operation).isNotNull();
            assertThat(document.getString(path + ".responses.default.content.'application/json'.schema.$ref"))
                    .as("%s's error body", operation).isEqualTo("#/components/schemas/ApiError");
        }
    }

    @Test
    void theErrorBodyListsEveryStableCode() {
        JsonPath document = document();
        assertThat(document.getList("components.schemas.ApiError.required")).containsExactly("code", "message");
        assertThat(document.getList("components.schemas.ApiError.properties.code.enum", String.class))
                .containsExactlyInAnyOrderElementsOf(ErrorCodes.ALL.keySet())
                .contains("transfer-not-found", "idempotency-key-reused", "forbidden");
    }

    @Test
    void commandsDocumentTheirIdempotencyKeyAndBodies() {
        JsonPath document = document();
        for (String command : List.of("paths.'/transfers'.post", "paths.'/trips'.post")) {
            Map<String, Object> key = document.getMap(command + ".parameters.find { it.name == 'Idempotency-Key' }");
            assertThat(key).as("%s's Idempotency-Key", command).containsEntry("in", "header")
                    .containsEntry("required", true);
            assertThat((String) key.get("description")).contains("idempotency-key-reused");
            assertThat(document.getMap(command + ".requestBody")).as("%s's body", command).isNotNull();
        }
        assertThat(document.getString("paths.'/transfers/{transferId}'.get.responses.'200'.content."
                + "'application/json'.schema.$ref")).endsWith("TransferView");
    }

    @Test
    void theOperatorsApiNamesTheRolesItNeeds() {
        JsonPath document = document();
        assertThat(document.getList("paths.'/dead-letters/{id}/replay'.post.security.SecurityScheme.flatten()",
                String.class)).containsExactly("admin");
        assertThat(document.getList("paths.'/dead-letters'.get.security.SecurityScheme.flatten()", String.class))
                .containsExactlyInAnyOrder("viewer", "admin");
        assertThat(document.getMap("paths.'/transfers'.post")).doesNotContainKey("security");
    }

    private static JsonPath document() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
    }

    /** "METHOD /path" of every resource method under io.steadfast, read from the compiled classes. */
    private static List<String> operations() {
        List<String> operations = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.steadfast")) {
            if (!type.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> resource = type.reflect();
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                for (Class<? extends java.lang.annotation.Annotation> verb : METHODS) {
                    if (method.isAnnotationPresent(verb)) {
                        Path sub = method.getAnnotation(Path.class);
                        operations.add(verb.getSimpleName() + " " + join(base, sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return operations;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
