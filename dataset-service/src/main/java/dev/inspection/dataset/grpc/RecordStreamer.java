package dev.inspection.dataset.grpc;

import dev.inspection.api.dataset.v1.ImageRecord;
import dev.inspection.dataset.persistence.ImageRepository;
import dev.inspection.dataset.persistence.ImageRow;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Streams image records page by page: one keyset page of rows, then the bytes of that page only,
 * so a dataset is never held in memory. Stops when the client cancels and waits while the
 * transport is not ready (flow control) instead of buffering without bound.
 */
final class RecordStreamer {
    private static final Logger LOG = Logger.getLogger(RecordStreamer.class);
    private static final long READY_POLL_NANOS = 1_000_000;

    private RecordStreamer() {
    }

    /**
     * @param pageAfter loads the next page of rows after the given image id ("" for the first)
     * @return true when the stream was completed, false when the client went away
     */
    static boolean stream(StreamObserver<ImageRecord> observer, Function<String, List<ImageRow>> pageAfter,
                          int pageSize, boolean includeBytes, boolean includeMasks, ImageRepository images) {
        ServerCallStreamObserver<ImageRecord> call =
                observer instanceof ServerCallStreamObserver<ImageRecord> s ? s : null;
        if (call == null) {
            LOG.debug("response observer is not a ServerCallStreamObserver: streaming without flow control");
        }
        String after = "";
        long sent = 0;
        while (true) {
            if (cancelled(call)) {
                LOG.debugf("client cancelled the stream after %d records", sent);
                return false;
            }
            List<ImageRow> rows = pageAfter.apply(after);
            if (rows.isEmpty()) {
                break;
            }
            List<String> blobIds = new ArrayList<>();
            for (ImageRow row : rows) {
                if (includeBytes) {
                    blobIds.add(row.imageId());
                }
                if (includeMasks && row.maskId() != null) {
                    blobIds.add(row.maskId());
                }
            }
            Map<String, byte[]> bytes = images.blobBytes(blobIds);
            for (ImageRow row : rows) {
                if (!awaitReady(call)) {
                    LOG.debugf("client cancelled the stream after %d records", sent);
                    return false;
                }
                sent++;
                observer.onNext(ProtoMapper.record(row, includeBytes ? bytes.get(row.imageId()) : null,
                        includeMasks && row.maskId() != null ? bytes.get(row.maskId()) : null));
            }
            if (rows.size() < pageSize) {
                break;
            }
            after = rows.get(rows.size() - 1).imageId();
        }
        observer.onCompleted();
        return true;
    }

    private static boolean cancelled(ServerCallStreamObserver<?> call) {
        return Context.current().isCancelled() || (call != null && call.isCancelled());
    }

    private static boolean awaitReady(ServerCallStreamObserver<?> call) {
        if (call == null) {
            return !cancelled(null);
        }
        while (!call.isReady()) {
            if (cancelled(call)) {
                return false;
            }
            LockSupport.parkNanos(READY_POLL_NANOS);
        }
        return !cancelled(call);
    }
}
