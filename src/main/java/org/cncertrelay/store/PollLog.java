package org.cncertrelay.store;

import java.time.Instant;
import java.util.Optional;

/**
 * When a poll last succeeded: with several instances, anywhere in the deployment, since "the source went silent"
 * is a fact about the cluster, not about the instance the scheduler happened to give the polls to.
 */
public interface PollLog {

    void succeeded(Instant at);

    Optional<Instant> lastSuccess();
}
