package dev.inspection.training.grpc;

import dev.inspection.api.common.v1.PageResponse;
import dev.inspection.api.model.v1.Method;
import dev.inspection.api.training.v1.CancelJobRequest;
import dev.inspection.api.training.v1.GetJobRequest;
import dev.inspection.api.training.v1.JobEvent;
import dev.inspection.api.training.v1.JobState;
import dev.inspection.api.training.v1.ListJobsRequest;
import dev.inspection.api.training.v1.ListJobsResponse;
import dev.inspection.api.training.v1.StartJobRequest;
import dev.inspection.api.training.v1.TrainingJob;
import dev.inspection.api.training.v1.TrainingServiceGrpc;
import dev.inspection.api.training.v1.WatchJobRequest;
import dev.inspection.training.jobs.JobEvents;
import dev.inspection.training.jobs.JobManager;
import dev.inspection.training.jobs.JobRecord;
import dev.inspection.training.jobs.JobStateMachine;
import dev.inspection.training.jobs.JobStore;
import dev.inspection.training.jobs.NewJob;
import dev.inspection.training.jobs.Presets;
import dev.inspection.training.registry.VersionFolders;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.util.List;
import java.util.SortedMap;

/** TrainingService: request validation and mapping only; the work is in {@link JobManager}. */
@GrpcService
@Blocking
public class TrainingGrpcService extends TrainingServiceGrpc.TrainingServiceImplBase {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    @Inject
    JobManager jobs;
    @Inject
    JobStore store;
    @Inject
    JobEvents events;

    @Override
    public void startJob(StartJobRequest request, StreamObserver<TrainingJob> responses) {
        try {
            VersionFolders.checkModelName(request.getModelName());
            if (request.getMethod() == Method.METHOD_UNSPECIFIED || request.getMethod() == Method.UNRECOGNIZED) {
                throw GrpcErrors.invalid("method must be set (SIMPLENET or BGAD)");
            }
            if (request.getDatasetId().isBlank() && request.getSnapshotId().isBlank()) {
                throw GrpcErrors.invalid("dataset_id or snapshot_id must be set");
            }
            SortedMap<String, String> config = request.getMethod() == Method.BGAD
                    ? Presets.resolveBgad(request.getPreset(), request.getOverridesMap(), request.getSeed())
                    : Presets.resolve(request.getPreset(), request.getOverridesMap(), request.getSeed());
            NewJob job = new NewJob(request.getModelName(), request.getMethod(), request.getDatasetId().trim(),
                    request.getSnapshotId().trim(), config.get("preset"), config,
                    request.hasPreprocessing() ? request.getPreprocessing() : null, request.getBackboneId().trim(),
                    request.getActivate(), request.getSeed());
            JobRecord record = jobs.submit(job);
            responses.onNext(JobMapping.toProto(record, events.latest(record.id())));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void watchJob(WatchJobRequest request, StreamObserver<JobEvent> responses) {
        try {
            JobRecord record = jobs.get(request.getJobId());
            ServerCallStreamObserver<JobEvent> call = (ServerCallStreamObserver<JobEvent>) responses;
            Object lock = new Object();
            JobEvents.Subscription subscription = events.watch(record.id(), JobMapping.initialEvent(record),
                    JobStateMachine.isFinal(record.state()),
                    event -> {
                        synchronized (lock) {
                            if (!call.isCancelled()) {
                                call.onNext(event);
                            }
                        }
                    },
                    () -> {
                        synchronized (lock) {
                            if (!call.isCancelled()) {
                                call.onCompleted();
                            }
                        }
                    });
            call.setOnCancelHandler(subscription::close);
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void cancelJob(CancelJobRequest request, StreamObserver<TrainingJob> responses) {
        try {
            JobRecord record = jobs.cancel(request.getJobId());
            responses.onNext(JobMapping.toProto(record, events.latest(record.id())));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<TrainingJob> responses) {
        try {
            JobRecord record = jobs.get(request.getJobId());
            responses.onNext(JobMapping.toProto(record, events.latest(record.id())));
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
        try {
            JobState state = request.getState() == JobState.JOB_STATE_UNSPECIFIED ? null : request.getState();
            if (state == JobState.UNRECOGNIZED) {
                throw GrpcErrors.invalid("state is not a known JobState");
            }
            int size = request.getPage().getPageSize() == 0 ? DEFAULT_PAGE_SIZE
                    : Math.min(request.getPage().getPageSize(), MAX_PAGE_SIZE);
            int offset = pageOffset(request.getPage().getPageToken());
            List<JobRecord> page = store.list(state, offset, size);
            long total = store.count(state);
            ListJobsResponse.Builder out = ListJobsResponse.newBuilder();
            for (JobRecord r : page) {
                out.addJobs(JobMapping.toProto(r, events.latest(r.id())));
            }
            String next = offset + page.size() < total ? Integer.toString(offset + page.size()) : "";
            out.setPage(PageResponse.newBuilder().setNextPageToken(next).setTotalSize(total));
            responses.onNext(out.build());
            responses.onCompleted();
        } catch (Exception e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    /** Page tokens are the offset of the next item, as decimal text. */
    static int pageOffset(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(token);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw GrpcErrors.invalid("page.page_token '" + token + "' is not a token this service issued");
        }
    }
}
