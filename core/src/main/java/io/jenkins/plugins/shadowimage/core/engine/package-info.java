/**
 * The resumable pair-operations engine: a validated {@link io.jenkins.plugins.shadowimage.core.engine.PairRequest},
 * a small persistable {@link io.jenkins.plugins.shadowimage.core.engine.OperationState}, a driver that advances it
 * one short step at a time. Both surfaces drive it through
 * {@link io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime}.
 * See docs/architecture.md.
 */
package io.jenkins.plugins.shadowimage.core.engine;
