package io.steadfast.runtime.security;

/**
 * The roles of Steadfast's admin API. An identity provider's own group names are mapped onto them with
 * {@code quarkus.http.auth.roles-mapping."<group>"=admin} (see docs/security.md).
 */
public final class Roles {

    /** Reads dead letters and the runtime's state. */
    public static final String VIEWER = "viewer";
    /** Everything a viewer may, and replays and discards dead letters. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
