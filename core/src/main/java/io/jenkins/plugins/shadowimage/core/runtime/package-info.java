/**
 * The durable runtime shared by the surfaces that run many operations at once (the Jenkins plugin; later a
 * long-running CLI): an {@link io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime} schedules short engine
 * steps on a small pool, persists each new state through the surface's
 * {@link io.jenkins.plugins.shadowimage.core.runtime.OperationContext} before the next request, holds one operation
 * per pair, S-VOL and copy group through a {@link io.jenkins.plugins.shadowimage.core.runtime.LockStore}, honours a
 * {@link io.jenkins.plugins.shadowimage.core.runtime.MaintenancePause}, aborts cleanly and resumes saved operations
 * after a restart. Free of any surface's types.
 */
package io.jenkins.plugins.shadowimage.core.runtime;
