package io.steadfast.runtime.processing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a {@link MessageHandler}: each call becomes one attempt, one transaction holding the inbox insert and the
 * handler's effects. Placed inside the Fault Tolerance interceptor, so every {@code @Retry} is a fresh transaction.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface ExactlyOnce {
}
