/**
 * The thin wire layer of the Configuration Manager REST API: {@link io.jenkins.plugins.shadowimage.core.client.VspClient}
 * (one per endpoint, pooled Apache HttpClient 5, TLS verification on), short units of work with one REST
 * session each ({@link io.jenkins.plugins.shadowimage.core.client.VspSession}), and the one retry policy
 * ({@link io.jenkins.plugins.shadowimage.core.client.RetryPolicy}). No Jenkins types.
 */
package io.jenkins.plugins.shadowimage.core.client;
