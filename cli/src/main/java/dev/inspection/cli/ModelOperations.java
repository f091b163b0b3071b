package dev.inspection.cli;

import dev.inspection.api.model.v1.Metrics;
import dev.inspection.api.model.v1.ModelVersion;
import dev.inspection.api.training.v1.ActivateVersionRequest;
import dev.inspection.api.training.v1.EvaluateVersionRequest;
import dev.inspection.api.training.v1.GetVersionRequest;
import dev.inspection.api.training.v1.ListModelsRequest;
import dev.inspection.api.training.v1.ListVersionsRequest;
import dev.inspection.api.training.v1.ModelRegistryGrpc;
import dev.inspection.api.training.v1.ModelSummary;
import io.grpc.ManagedChannel;

import java.util.List;

/** Model-registry tasks (the training service's ModelRegistry) shared by the commands and the main job. */
public final class ModelOperations {

    private final ManagedChannel channel;
    private final GrpcTarget target;

    public ModelOperations(ManagedChannel channel, GrpcTarget target) {
        this.channel = channel;
        this.target = target;
    }

    private ModelRegistryGrpc.ModelRegistryBlockingStub stub() {
        return ModelRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(target.deadlineSeconds(), target.deadlineUnit());
    }

    public List<ModelSummary> models() {
        return stub().listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
    }

    /** Versions of a model, newest first. */
    public List<ModelVersion> versions(String modelName) {
        return stub().listVersions(ListVersionsRequest.newBuilder().setModelName(modelName).build()).getVersionsList();
    }

    /** A version with its manifest; version 0 is the active one. */
    public ModelVersion version(String modelName, int version) {
        return stub().getVersion(GetVersionRequest.newBuilder().setModelName(modelName).setVersion(version).build());
    }

    /** Marks a version active in the registry (what scoring services load by default). */
    public ModelVersion activate(String modelName, int version) {
        return stub().activateVersion(ActivateVersionRequest.newBuilder().setModelName(modelName).setVersion(version).build());
    }

    /**
     * Evaluates a version on a snapshot's test split on the training service and stores the metrics;
     * an empty snapshot id means the version's own snapshot.
     */
    public Metrics evaluate(String modelName, int version, String snapshotId) {
        return stub().evaluateVersion(EvaluateVersionRequest.newBuilder().setModelName(modelName).setVersion(version)
                .setSnapshotId(snapshotId == null ? "" : snapshotId).build());
    }
}
