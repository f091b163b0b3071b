package dev.inspection.scoring.model;

/** Loads and warms up one version of a model (from the registry in production, fakes in tests). */
public interface VersionLoader {

    /**
     * @param version the version number, or 0 for the registry's active version
     * @return a warmed-up version holding one (the table's) reference
     * @throws dev.inspection.scoring.engine.ScoringException with NOT_FOUND for an unknown model or version,
     *                                                        FAILED_PRECONDITION when it cannot be served,
     *                                                        UNAVAILABLE when the registry is down
     */
    ServedVersion load(String modelName, int version);
}
