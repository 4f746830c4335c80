/** The JVM-wide session budget per array: how many REST sessions this process may hold at once. */
package io.jenkins.plugins.shadowimage.core.session;
