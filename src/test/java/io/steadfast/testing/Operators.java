package io.steadfast.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests made as the test profile's configured users (application.properties, %test). */
public final class Operators {

    public static final String ADMIN = "test-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String VIEWER = "test-viewer";
    public static final String VIEWER_PASSWORD = "test-viewer-password";

    private Operators() {
    }

    /** A request as a user with the admin role. */
    public static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }

    /** A request as a user with only the viewer role. */
    public static RequestSpecification asViewer() {
        return given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD);
    }
}
