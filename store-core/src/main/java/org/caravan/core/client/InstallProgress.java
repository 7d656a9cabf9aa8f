package org.caravan.core.client;

/** Progress of one install, for a progress bar: a stage name and a fraction in [0, 1]. */
@FunctionalInterface
public interface InstallProgress {
    void update(String stage, double fraction);

    InstallProgress NONE = (s, f) -> { };
}
