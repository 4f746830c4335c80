package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code parameters} of a split, resync or restore action (null fields are omitted; the client
 * always sends {@code {"parameters":{...}}}, never {@code {}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionParams(Integer copyPace, Boolean quickMode, Boolean forceSuspend) {
    /** No parameters: the array's defaults. */
    public static final ActionParams NONE = new ActionParams(null, null, null);
}
