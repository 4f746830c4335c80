/**
 * Wire models of the Configuration Manager REST API: records that tolerate unknown fields and unknown
 * status values (statuses are kept as strings and interpreted by the engine).
 */
package io.jenkins.plugins.shadowimage.core.client.model;
