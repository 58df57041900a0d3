package io.steadfast.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real-parts test resource for every {@code @QuarkusTest}, so they share one application. */
@QuarkusTestResource(SteadfastTestResource.class)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
