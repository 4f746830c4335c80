/**
 * The resumable pair-operations engine: a validated {@link io.jenkins.plugins.shadowimage.core.engine.PairRequest},
 * a small persistable {@link io.jenkins.plugins.shadowimage.core.engine.OperationState}, a driver that advances it
 * one short step at a time, and two ways to drive it: blocking
 * ({@link io.jenkins.plugins.shadowimage.core.engine.OperationRunner}, the CLI) and non-blocking
 * ({@link io.jenkins.plugins.shadowimage.core.engine.OperationScheduler}, Jenkins and the benchmark).
 * See docs/architecture.md.
 */
package io.jenkins.plugins.shadowimage.core.engine;
