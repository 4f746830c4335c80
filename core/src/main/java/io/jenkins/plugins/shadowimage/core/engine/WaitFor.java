package io.jenkins.plugins.shadowimage.core.engine;

/** How long an operation waits. */
public enum WaitFor {
    /** Until the pair (or every pair of the group) reached the operation's final status. */
    COMPLETION("Until the operation completes on the array"),
    /**
     * Until the array accepted the request: its job succeeded and the pair entered the transitional status
     * (for a create: COPY). The copy then continues on the array.
     */
    ACCEPTED("Until the array has accepted it (the copy continues in the background)");

    private final String description;

    WaitFor(String description) {
        this.description = description;
    }

    /** How a form offers this choice. */
    public String description() {
        return description;
    }
}
