package dev.inspection.training.jobs;

import dev.inspection.api.training.v1.JobEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Latest progress event per job and the watchers that follow it. A watcher first gets the latest
 * event, then every later one; registration and replay happen under the job's lock, so no event is
 * lost or repeated in between. Final events end the job's channel.
 */
public final class JobEvents {

    /** A watcher's subscription; close it when the client goes away. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Channel {
        JobEvent latest;
        boolean finished;
        final List<Consumer<JobEvent>> watchers = new ArrayList<>();
        final List<Runnable> onEnd = new ArrayList<>();
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Latest event of a job this process has seen, or null. */
    public JobEvent latest(String jobId) {
        Channel channel = channels.get(jobId);
        if (channel == null) {
            return null;
        }
        synchronized (channel) {
            return channel.latest;
        }
    }

    /** Publishes an event; {@code last} ends the channel after delivering it. */
    public void publish(JobEvent event, boolean last) {
        Channel channel = channels.computeIfAbsent(event.getJobId(), id -> new Channel());
        List<Consumer<JobEvent>> watchers;
        List<Runnable> enders;
        synchronized (channel) {
            if (channel.finished) {
                return;
            }
            channel.latest = event;
            channel.finished = last;
            watchers = List.copyOf(channel.watchers);
            enders = last ? List.copyOf(channel.onEnd) : List.of();
            if (last) {
                channel.watchers.clear();
                channel.onEnd.clear();
            }
            // Deliver under the lock so that every watcher sees events in publication order.
            for (Consumer<JobEvent> watcher : watchers) {
                watcher.accept(event);
            }
        }
        enders.forEach(Runnable::run);
    }

    /**
     * Follows a job: {@code onEvent} gets the latest event (if any) and every later one; {@code onEnd}
     * runs after the final event (at once when the job already ended).
     *
     * @param initial event to replay when this process has none for the job (built from the stored
     *                record); may be null
     * @param isFinal whether {@code initial} is a final event
     */
    public Subscription watch(String jobId, JobEvent initial, boolean isFinal, Consumer<JobEvent> onEvent,
                              Runnable onEnd) {
        Channel channel = channels.computeIfAbsent(jobId, id -> new Channel());
        boolean ended;
        synchronized (channel) {
            if (channel.latest == null && initial != null) {
                channel.latest = initial;
                channel.finished = isFinal;
            }
            if (channel.latest != null) {
                onEvent.accept(channel.latest);
            }
            ended = channel.finished;
            if (!ended) {
                channel.watchers.add(onEvent);
                channel.onEnd.add(onEnd);
            }
        }
        if (ended) {
            onEnd.run();
            return () -> { };
        }
        return () -> {
            synchronized (channel) {
                channel.watchers.remove(onEvent);
                channel.onEnd.remove(onEnd);
            }
        };
    }
}
