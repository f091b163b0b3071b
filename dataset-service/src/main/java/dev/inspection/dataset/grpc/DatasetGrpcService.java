package dev.inspection.dataset.grpc;

import dev.inspection.api.common.v1.Image;
import dev.inspection.api.common.v1.PageResponse;
import dev.inspection.api.common.v1.RawImage;
import dev.inspection.api.dataset.v1.CreateDatasetRequest;
import dev.inspection.api.dataset.v1.CreateSnapshotRequest;
import dev.inspection.api.dataset.v1.Dataset;
import dev.inspection.api.dataset.v1.DatasetServiceGrpc;
import dev.inspection.api.dataset.v1.DatasetStatistics;
import dev.inspection.api.dataset.v1.DeleteDatasetRequest;
import dev.inspection.api.dataset.v1.DeleteDatasetResponse;
import dev.inspection.api.dataset.v1.GetDatasetRequest;
import dev.inspection.api.dataset.v1.GetImageRequest;
import dev.inspection.api.dataset.v1.GetLabelHistoryRequest;
import dev.inspection.api.dataset.v1.GetLabelHistoryResponse;
import dev.inspection.api.dataset.v1.GetSnapshotRequest;
import dev.inspection.api.dataset.v1.GetStatisticsRequest;
import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.api.dataset.v1.ImportFolderRequest;
import dev.inspection.api.dataset.v1.ImportProgress;
import dev.inspection.api.dataset.v1.ImportSummary;
import dev.inspection.api.dataset.v1.ListDatasetsRequest;
import dev.inspection.api.dataset.v1.ListDatasetsResponse;
import dev.inspection.api.dataset.v1.ListImagesRequest;
import dev.inspection.api.dataset.v1.ListImagesResponse;
import dev.inspection.api.dataset.v1.SetLabelRequest;
import dev.inspection.api.dataset.v1.SetMaskRequest;
import dev.inspection.api.dataset.v1.SetSplitRequest;
import dev.inspection.api.dataset.v1.Snapshot;
import dev.inspection.api.dataset.v1.StreamImagesRequest;
import dev.inspection.api.dataset.v1.StreamSnapshotImagesRequest;
import dev.inspection.api.dataset.v1.UploadImagesRequest;
import dev.inspection.api.dataset.v1.UploadImagesResponse;
import dev.inspection.api.dataset.v1.UploadItem;
import dev.inspection.dataset.config.DatasetConfig;
import dev.inspection.dataset.domain.ImageFilter;
import dev.inspection.dataset.domain.ImageInspector;
import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageLimits;
import dev.inspection.dataset.domain.InvalidInputException;
import dev.inspection.dataset.domain.LabelRules;
import dev.inspection.dataset.domain.RawImageEncoder;
import dev.inspection.dataset.domain.Sha256;
import dev.inspection.dataset.persistence.DatasetRepository;
import dev.inspection.dataset.persistence.DatasetSummary;
import dev.inspection.dataset.persistence.ImageRepository;
import dev.inspection.dataset.persistence.ImageRow;
import dev.inspection.dataset.persistence.SnapshotRepository;
import dev.inspection.dataset.persistence.SnapshotView;
import dev.inspection.dataset.service.FolderImportService;
import dev.inspection.dataset.service.UploadBatch;
import dev.inspection.dataset.service.UploadService;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * gRPC face of the dataset service: validates requests, calls the repositories and services, maps
 * results to protobuf. Every call blocks on the database, hence {@link Blocking}; failures become
 * statuses in {@link GrpcErrors} only.
 */
@GrpcService
@Blocking
public class DatasetGrpcService extends DatasetServiceGrpc.DatasetServiceImplBase {
    @Inject
    DatasetRepository datasets;

    @Inject
    ImageRepository images;

    @Inject
    SnapshotRepository snapshots;

    @Inject
    FolderImportService folderImports;

    @Inject
    UploadService uploads;

    @Inject
    ImageInspector inspector;

    @Inject
    DatasetConfig config;

    @Override
    public void createDataset(CreateDatasetRequest request, StreamObserver<Dataset> observer) {
        GrpcErrors.unary(observer, () -> {
            if (request.getDescription().length() > 10_000) {
                throw new InvalidInputException("description must be at most 10000 characters");
            }
            return ProtoMapper.dataset(datasets.create(RequestFields.datasetName(request.getName(), "name"),
                    request.getDescription()));
        });
    }

    @Override
    public void listDatasets(ListDatasetsRequest request, StreamObserver<ListDatasetsResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            int size = PageTokens.pageSize(request.getPage());
            List<DatasetSummary> page = datasets.page(PageTokens.after(request.getPage()), size + 1);
            ListDatasetsResponse.Builder response = ListDatasetsResponse.newBuilder();
            page.stream().limit(size).forEach(d -> response.addDatasets(ProtoMapper.dataset(d)));
            String next = page.size() > size ? PageTokens.tokenFor(page.get(size - 1).name()) : "";
            return response.setPage(PageResponse.newBuilder().setNextPageToken(next).setTotalSize(datasets.total()))
                    .build();
        });
    }

    @Override
    public void getDataset(GetDatasetRequest request, StreamObserver<Dataset> observer) {
        GrpcErrors.unary(observer, () -> switch (request.getKeyCase()) {
            case DATASET_ID -> ProtoMapper.dataset(datasets.summaryById(RequestFields.uuid(request.getDatasetId(), "dataset_id")));
            case NAME -> ProtoMapper.dataset(datasets.summaryByName(RequestFields.datasetName(request.getName(), "name")));
            case KEY_NOT_SET -> throw new InvalidInputException("either dataset_id or name is required");
        });
    }

    @Override
    public void deleteDataset(DeleteDatasetRequest request, StreamObserver<DeleteDatasetResponse> observer) {
        GrpcErrors.unary(observer, () -> DeleteDatasetResponse.newBuilder()
                .setImagesRemoved(datasets.delete(RequestFields.uuid(request.getDatasetId(), "dataset_id"), request.getForce()))
                .build());
    }

    @Override
    public void importFolder(ImportFolderRequest request, StreamObserver<ImportProgress> observer) {
        FolderImportService.Progress progress = new FolderImportService.Progress() {
            @Override
            public void validated(long processed, long total, String file) {
                observer.onNext(ImportProgress.newBuilder().setProcessed(processed).setTotal(total).setCurrentFile(file).build());
            }

            @Override
            public void written(long processed, long total, String file) {
                // one event per 64 written images is enough to show the write phase advancing
                if (processed % 64 == 0 || processed == total) {
                    observer.onNext(ImportProgress.newBuilder().setProcessed(processed).setTotal(total)
                            .setCurrentFile(file).build());
                }
            }
        };
        FolderImportService.Outcome outcome;
        try {
            outcome = folderImports.importFolder(request.getDatasetName(), request.getPath(),
                    request.getCreateIfMissing(), request.getValidationFraction(), progress);
        } catch (Throwable failure) {
            observer.onError(GrpcErrors.toStatus(failure));
            return;
        }
        long files = outcome.result().imagesAdded() + outcome.result().imagesUnchanged();
        observer.onNext(ImportProgress.newBuilder()
                .setProcessed(files)
                .setTotal(files)
                .setDone(true)
                .setSummary(ImportSummary.newBuilder()
                        .setDatasetId(outcome.datasetId().toString())
                        .setImagesAdded(outcome.result().imagesAdded())
                        .setImagesUnchanged(outcome.result().imagesUnchanged())
                        .setMasksAdded(outcome.result().masksAdded())
                        .setStatistics(ProtoMapper.statistics(outcome.statistics())))
                .build());
        observer.onCompleted();
    }

    @Override
    public StreamObserver<UploadImagesRequest> uploadImages(StreamObserver<UploadImagesResponse> observer) {
        return new UploadObserver(observer);
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            UUID datasetId = RequestFields.uuid(request.getDatasetId(), "dataset_id");
            ImageFilter filter = RequestFields.filter(request.getFilter());
            int size = PageTokens.pageSize(request.getPage());
            String after = PageTokens.after(request.getPage());
            if (!after.isEmpty()) {
                Sha256.requireId(after, "page.page_token");
            }
            List<ImageRow> page = images.page(datasetId, filter, after, size + 1);
            ListImagesResponse.Builder response = ListImagesResponse.newBuilder();
            page.stream().limit(size).forEach(row -> response.addImages(ProtoMapper.record(row, null, null)));
            String next = page.size() > size ? PageTokens.tokenFor(page.get(size - 1).imageId()) : "";
            return response.setPage(PageResponse.newBuilder().setNextPageToken(next)
                    .setTotalSize(images.count(datasetId, filter))).build();
        });
    }

    @Override
    public void streamImages(StreamImagesRequest request, StreamObserver<ImageRecord> observer) {
        try {
            UUID datasetId = RequestFields.uuid(request.getDatasetId(), "dataset_id");
            ImageFilter filter = RequestFields.filter(request.getFilter());
            datasets.summaryById(datasetId);
            int pageSize = config.streamChunkSize();
            RecordStreamer.stream(observer, after -> images.page(datasetId, filter, after, pageSize), pageSize,
                    request.getIncludeBytes(), request.getIncludeMasks(), images);
        } catch (Throwable failure) {
            observer.onError(GrpcErrors.toStatus(failure));
        }
    }

    @Override
    public void getImage(GetImageRequest request, StreamObserver<ImageRecord> observer) {
        GrpcErrors.unary(observer, () -> {
            UUID datasetId = RequestFields.uuid(request.getDatasetId(), "dataset_id");
            ImageRow row = images.require(datasetId, Sha256.requireId(request.getImageId(), "image_id"));
            List<String> ids = row.maskId() == null ? List.of(row.imageId()) : List.of(row.imageId(), row.maskId());
            var bytes = images.blobBytes(ids);
            return ProtoMapper.record(row, bytes.get(row.imageId()), row.maskId() == null ? null : bytes.get(row.maskId()));
        });
    }

    @Override
    public void setLabel(SetLabelRequest request, StreamObserver<ImageRecord> observer) {
        GrpcErrors.unary(observer, () -> {
            UUID datasetId = RequestFields.uuid(request.getDatasetId(), "dataset_id");
            String imageId = Sha256.requireId(request.getImageId(), "image_id");
            ImageLabel label = RequestFields.label(request.getLabel(), "label", false);
            String defectType = LabelRules.defectTypeFor(label, request.getDefectType(), "defect_type");
            String labelledBy = RequestFields.labelledBy(request.getLabelledBy(), "anonymous");
            return ProtoMapper.record(images.setLabel(datasetId, imageId, label, defectType, labelledBy,
                    request.getExpectedRevision()), null, null);
        });
    }

    @Override
    public void getLabelHistory(GetLabelHistoryRequest request, StreamObserver<GetLabelHistoryResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            GetLabelHistoryResponse.Builder response = GetLabelHistoryResponse.newBuilder();
            images.history(RequestFields.uuid(request.getDatasetId(), "dataset_id"),
                            Sha256.requireId(request.getImageId(), "image_id"))
                    .forEach(entry -> response.addEntries(ProtoMapper.historyEntry(entry)));
            return response.build();
        });
    }

    @Override
    public void setMask(SetMaskRequest request, StreamObserver<ImageRecord> observer) {
        GrpcErrors.unary(observer, () -> ProtoMapper.record(images.setMask(
                RequestFields.uuid(request.getDatasetId(), "dataset_id"),
                Sha256.requireId(request.getImageId(), "image_id"),
                request.getMaskPng().toByteArray()), null, null));
    }

    @Override
    public void setSplit(SetSplitRequest request, StreamObserver<ImageRecord> observer) {
        GrpcErrors.unary(observer, () -> ProtoMapper.record(images.setSplit(
                RequestFields.uuid(request.getDatasetId(), "dataset_id"),
                Sha256.requireId(request.getImageId(), "image_id"),
                RequestFields.split(request.getSplit(), "split", false)), null, null));
    }

    @Override
    public void getStatistics(GetStatisticsRequest request, StreamObserver<DatasetStatistics> observer) {
        GrpcErrors.unary(observer, () -> ProtoMapper.statistics(
                images.statistics(RequestFields.uuid(request.getDatasetId(), "dataset_id"))));
    }

    @Override
    public void createSnapshot(CreateSnapshotRequest request, StreamObserver<Snapshot> observer) {
        GrpcErrors.unary(observer, () -> {
            if (request.getDescription().length() > 10_000) {
                throw new InvalidInputException("description must be at most 10000 characters");
            }
            SnapshotView snapshot = snapshots.create(RequestFields.uuid(request.getDatasetId(), "dataset_id"),
                    request.getDescription());
            return ProtoMapper.snapshot(snapshot, snapshots.statistics(snapshot));
        });
    }

    @Override
    public void getSnapshot(GetSnapshotRequest request, StreamObserver<Snapshot> observer) {
        GrpcErrors.unary(observer, () -> {
            SnapshotView snapshot = snapshots.require(RequestFields.uuid(request.getSnapshotId(), "snapshot_id"));
            return ProtoMapper.snapshot(snapshot, snapshots.statistics(snapshot));
        });
    }

    @Override
    public void streamSnapshotImages(StreamSnapshotImagesRequest request, StreamObserver<ImageRecord> observer) {
        try {
            SnapshotView snapshot = snapshots.require(RequestFields.uuid(request.getSnapshotId(), "snapshot_id"));
            ImageFilter filter = RequestFields.filter(request.getFilter());
            int pageSize = config.streamChunkSize();
            RecordStreamer.stream(observer, after -> snapshots.page(snapshot, filter, after, pageSize), pageSize,
                    request.getIncludeBytes(), request.getIncludeMasks(), images);
        } catch (Throwable failure) {
            observer.onError(GrpcErrors.toStatus(failure));
        }
    }

    /**
     * One upload stream: the header names the dataset, each item is validated on arrival, and the
     * whole batch is written when the client completes. The first failure ends the call with its
     * status; later messages are ignored and nothing is written.
     */
    private final class UploadObserver implements StreamObserver<UploadImagesRequest> {
        private final StreamObserver<UploadImagesResponse> response;
        private final RawImageEncoder rawEncoder =
                new RawImageEncoder(new ImageLimits(config.limits().maxImageBytes(), config.limits().maxPixels()));
        private UUID datasetId;
        private UploadBatch batch;
        private int items;
        private boolean finished;

        UploadObserver(StreamObserver<UploadImagesResponse> response) {
            this.response = response;
        }

        @Override
        public synchronized void onNext(UploadImagesRequest request) {
            if (finished) {
                return;
            }
            try {
                if (datasetId == null) {
                    if (request.getItemCase() != UploadImagesRequest.ItemCase.HEADER) {
                        throw new InvalidInputException("the first upload message must be the header");
                    }
                    UUID id = RequestFields.uuid(request.getHeader().getDatasetId(), "header.dataset_id");
                    datasets.summaryById(id);
                    batch = new UploadBatch(inspector, config.limits().maxImagesPerUpload(), config.limits().maxUploadBytes());
                    datasetId = id;
                    return;
                }
                if (request.getItemCase() != UploadImagesRequest.ItemCase.IMAGE) {
                    throw new InvalidInputException("images[" + items + "]: only the first message may be a header");
                }
                add(request.getImage(), items++);
            } catch (Throwable failure) {
                finished = true;
                batch = null;
                response.onError(GrpcErrors.toStatus(failure));
            }
        }

        private void add(UploadItem item, int index) {
            String field = "images[" + index + "]";
            Image image = item.getImage();
            String name = image.getName().isEmpty() ? field : field + " '" + RequestFields.abbreviate(image.getName()) + "'";
            byte[] encoded = switch (image.getPayloadCase()) {
                case ENCODED -> image.getEncoded().toByteArray();
                case RAW -> raw(image.getRaw(), name);
                case PAYLOAD_NOT_SET -> throw new InvalidInputException(field + ".image has no payload");
            };
            batch.add(encoded, name, image.getName(), RequestFields.split(item.getSplit(), field + ".split", false),
                    RequestFields.label(item.getLabel(), field + ".label", false), item.getDefectType(),
                    item.getMaskPng().toByteArray(), RequestFields.labelledBy(item.getLabelledBy(), "upload"));
        }

        private byte[] raw(RawImage raw, String name) {
            int channels = switch (raw.getFormat()) {
                case RGB8 -> 3;
                case GRAY8 -> 1;
                default -> throw new InvalidInputException(name + ": raw.format must be RGB8 or GRAY8");
            };
            return rawEncoder.toPng(raw.getWidth(), raw.getHeight(), channels, raw.getPixels().toByteArray(), name);
        }

        @Override
        public synchronized void onError(Throwable failure) {
            // the client gave up: drop everything, nothing was written
            finished = true;
            batch = null;
        }

        @Override
        public synchronized void onCompleted() {
            if (finished) {
                return;
            }
            finished = true;
            GrpcErrors.unary(response, () -> {
                if (datasetId == null) {
                    throw new InvalidInputException("the upload is empty: the first message must be the header");
                }
                UploadService.Outcome outcome = uploads.write(datasetId, batch);
                UploadImagesResponse.Builder result = UploadImagesResponse.newBuilder()
                        .setImagesAdded(outcome.result().imagesAdded())
                        .setImagesUnchanged(outcome.result().imagesUnchanged());
                outcome.records().forEach(row -> result.addImages(ProtoMapper.record(row, null, null)));
                return result.build();
            });
        }
    }
}
