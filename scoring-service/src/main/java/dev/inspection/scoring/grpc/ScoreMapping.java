package dev.inspection.scoring.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.inspection.api.common.v1.DType;
import dev.inspection.api.common.v1.Tensor;
import dev.inspection.api.scoring.v1.DefectRegion;
import dev.inspection.api.scoring.v1.ScoreResponse;
import dev.inspection.api.scoring.v1.ScoreTimings;
import dev.inspection.api.scoring.v1.ServedModel;
import dev.inspection.api.scoring.v1.Verdict;
import dev.inspection.scoring.engine.ScoreResult;
import dev.inspection.scoring.model.ServedModels;

/** Domain results to scoring API messages. */
final class ScoreMapping {

    private ScoreMapping() {
    }

    static ScoreResponse response(String requestId, ScoreResult r) {
        ScoreResponse.Builder b = ScoreResponse.newBuilder()
                .setRequestId(requestId)
                .setScore(r.score())
                .setRawScore(r.rawScore())
                .setVerdict(r.anomalous() ? Verdict.ANOMALOUS : Verdict.NORMAL)
                .setThreshold(r.threshold())
                .setModelName(r.modelName())
                .setModelVersion(r.modelVersion())
                .setMethod(r.method())
                .setMapSize(r.mapSize())
                .setTimings(ScoreTimings.newBuilder()
                        .setFeaturesUs(r.timings().featuresUs())
                        .setHeadUs(r.timings().headUs())
                        .setPostprocessUs(r.timings().postprocessUs())
                        .setTotalUs(r.timings().totalUs()));
        // The byte arrays are fresh per request and never written again: wrap instead of copying.
        if (r.heatmapPng() != null) {
            b.setHeatmapPng(UnsafeByteOperations.unsafeWrap(r.heatmapPng()));
        }
        if (r.overlayPng() != null) {
            b.setOverlayPng(UnsafeByteOperations.unsafeWrap(r.overlayPng()));
        }
        if (r.maskPng() != null) {
            b.setMaskPng(UnsafeByteOperations.unsafeWrap(r.maskPng()));
        }
        if (r.mapFloat16() != null) {
            b.setAnomalyMap(Tensor.newBuilder().addShape(r.mapSize()).addShape(r.mapSize()).setDtype(DType.FLOAT16)
                    .setData(UnsafeByteOperations.unsafeWrap(r.mapFloat16())));
        }
        if (r.rawMapFloat32() != null) {
            b.setRawAnomalyMap(Tensor.newBuilder().addShape(r.mapSize()).addShape(r.mapSize()).setDtype(DType.FLOAT32)
                    .setData(UnsafeByteOperations.unsafeWrap(r.rawMapFloat32())));
        }
        for (var region : r.regions()) {
            b.addRegions(DefectRegion.newBuilder()
                    .setX(region.x()).setY(region.y()).setWidth(region.width()).setHeight(region.height())
                    .setArea(region.area()).setPeakScore(region.peakScore())
                    .setCentroidX(region.centroidX()).setCentroidY(region.centroidY()));
        }
        return b.build();
    }

    static ServedModel servedModel(ServedModels.ModelState state) {
        ServedModel.Builder b = ServedModel.newBuilder().setModelName(state.modelName())
                .addAllLoadedVersions(state.loadedVersions());
        if (state.active() != null) {
            b.setActiveVersion(state.active().version()).setActiveManifest(state.active().manifest());
        }
        return b.build();
    }

}
