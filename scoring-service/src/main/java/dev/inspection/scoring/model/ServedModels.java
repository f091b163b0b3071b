package dev.inspection.scoring.model;

import dev.inspection.scoring.engine.ScoringException;
import io.grpc.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serving table: per model, the loaded versions and the active one. Requests take a
 * {@link VersionLease} on the version they start with; {@link #activate} loads and warms the new
 * version first and then swaps one reference, so a failed load leaves the old version serving and a
 * swap never fails an in-flight request.
 */
public final class ServedModels implements AutoCloseable {

    /** Immutable state of one model; replaced as a whole on every change. */
    public record ModelState(String modelName, ServedVersion active, Map<Integer, ServedVersion> loaded) {

        /** Loaded version numbers, ascending. */
        public List<Integer> loadedVersions() {
            return List.copyOf(loaded.keySet());
        }
    }

    private static final class Slot {
        /** Serialises loads and swaps of one model; requests never take it. */
        final ReentrantLock changeLock = new ReentrantLock();
        volatile ModelState state;

        Slot(String modelName) {
            state = new ModelState(modelName, null, Map.of());
        }
    }

    private final VersionLoader loader;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    public ServedModels(VersionLoader loader) {
        this.loader = loader;
    }

    /**
     * Loads (unless already loaded) and activates a version.
     *
     * @param version the version, or 0 for the registry's active version
     * @return the model's state after the swap
     * @throws ScoringException from the loader; the previous state stays in place
     */
    public ModelState activate(String modelName, int version) {
        requireName(modelName);
        if (version < 0) {
            throw ScoringException.invalidArgument("version must be >= 0, got " + version);
        }
        Slot slot = lockedSlot(modelName);
        try {
            ModelState before = slot.state;
            ServedVersion target = version == 0 ? null : before.loaded().get(version);
            if (target == null) {
                target = loader.load(modelName, version);
                ServedVersion already = before.loaded().get(target.version());
                if (already != null) {
                    // Version 0 resolved to a version that is loaded already: keep the warm one.
                    target.release();
                    target = already;
                }
            }
            Map<Integer, ServedVersion> loaded = new TreeMap<>(before.loaded());
            loaded.put(target.version(), target);
            slot.state = new ModelState(modelName, target, Collections.unmodifiableMap(loaded));
            return slot.state;
        } finally {
            if (slot.state.loaded().isEmpty()) {
                slots.remove(modelName, slot);
            }
            slot.changeLock.unlock();
        }
    }

    /** The model's slot, created when missing, locked; never one that a failed first load has dropped. */
    private Slot lockedSlot(String modelName) {
        while (true) {
            Slot slot = slots.computeIfAbsent(modelName, Slot::new);
            slot.changeLock.lock();
            if (slots.get(modelName) == slot) {
                return slot;
            }
            slot.changeLock.unlock();
        }
    }

    /**
     * Stops serving a version that is not the active one; requests on it finish first.
     *
     * @throws ScoringException NOT_FOUND when it is not loaded, FAILED_PRECONDITION when it is active
     */
    public ModelState unload(String modelName, int version) {
        requireName(modelName);
        Slot slot = slots.get(modelName);
        if (slot == null) {
            throw ScoringException.notFound("model '" + modelName + "' is not served");
        }
        slot.changeLock.lock();
        try {
            ModelState before = slot.state;
            ServedVersion target = version == 0 ? before.active() : before.loaded().get(version);
            if (target == null) {
                throw ScoringException.notFound("version " + version + " of model '" + modelName
                        + "' is not loaded (loaded: " + before.loadedVersions() + ")");
            }
            if (target == before.active()) {
                throw ScoringException.failedPrecondition("version " + target.version() + " of model '" + modelName
                        + "' is the active version; activate another version before unloading it");
            }
            Map<Integer, ServedVersion> loaded = new TreeMap<>(before.loaded());
            loaded.remove(target.version());
            slot.state = new ModelState(modelName, before.active(), Collections.unmodifiableMap(loaded));
            target.release();
            return slot.state;
        } finally {
            slot.changeLock.unlock();
        }
    }

    /**
     * Leases the version a request runs on.
     *
     * @param version a pinned version, or 0 for the active one
     * @throws ScoringException NOT_FOUND for an unknown model or a version that is not loaded,
     *                          FAILED_PRECONDITION when the model has no active version
     */
    public VersionLease acquire(String modelName, int version) {
        requireName(modelName);
        while (true) {
            Slot slot = slots.get(modelName);
            if (slot == null) {
                throw ScoringException.notFound("model '" + modelName + "' is not served (served: "
                        + new TreeMap<>(slots).keySet() + "); load it with ActivateVersion");
            }
            ModelState state = slot.state;
            ServedVersion target;
            if (version == 0) {
                target = state.active();
                if (target == null) {
                    throw ScoringException.failedPrecondition("model '" + modelName + "' has no active version");
                }
            } else {
                target = state.loaded().get(version);
                if (target == null) {
                    throw ScoringException.notFound("version " + version + " of model '" + modelName
                            + "' is not loaded (loaded: " + state.loadedVersions() + ")");
                }
            }
            if (target.tryRetain()) {
                return new VersionLease(target);
            }
            // Closed between reading the state and retaining it: the state has changed since, read it again.
        }
    }

    /** One model's state, or null when it is not served. */
    public ModelState state(String modelName) {
        Slot slot = slots.get(modelName);
        return slot == null ? null : slot.state;
    }

    /** All served models, by name. */
    public List<ModelState> states() {
        List<ModelState> states = new ArrayList<>();
        for (Slot slot : new TreeMap<>(slots).values()) {
            states.add(slot.state);
        }
        return states;
    }

    /** Releases the table's references; versions close once their last request ends. */
    @Override
    public void close() {
        for (Slot slot : slots.values()) {
            slot.changeLock.lock();
            try {
                for (ServedVersion v : slot.state.loaded().values()) {
                    v.release();
                }
                slot.state = new ModelState(slot.state.modelName(), null, Map.of());
            } finally {
                slot.changeLock.unlock();
            }
        }
        slots.clear();
    }

    private static void requireName(String modelName) {
        if (modelName == null || modelName.isBlank()) {
            throw new ScoringException(Status.Code.INVALID_ARGUMENT, "model_name is empty");
        }
    }
}
