package dev.inspection.dataset.rest;

import dev.inspection.dataset.domain.DatasetStatistics;
import dev.inspection.dataset.domain.NotFoundException;
import dev.inspection.dataset.domain.Sha256;
import dev.inspection.dataset.persistence.DatasetRepository;
import dev.inspection.dataset.persistence.DatasetSummary;
import dev.inspection.dataset.persistence.ImageRepository;
import dev.inspection.dataset.persistence.ImageRow;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Read-only JSON and image endpoints for people and browsers. */
@Path("/api/v1/datasets")
@Blocking
public class DatasetResource {
    private static final int MAX_LISTED = 1000;

    @Inject
    DatasetRepository datasets;

    @Inject
    ImageRepository images;

    /** The datasets by name (first 1000 after {@code after}). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<DatasetSummary> list(@QueryParam("after") String after) {
        return datasets.page(after == null ? "" : after, MAX_LISTED);
    }

    @GET
    @Path("{id}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public DatasetStatistics statistics(@PathParam("id") String id) {
        return images.statistics(datasetId(id));
    }

    /** The image file as stored, with its content type. */
    @GET
    @Path("{id}/images/{sha}")
    public Response image(@PathParam("id") String id, @PathParam("sha") String sha) {
        ImageRow row = images.require(datasetId(id), imageId(sha, id));
        byte[] bytes = images.blobBytes(List.of(row.imageId())).get(row.imageId());
        return Response.ok(bytes, row.format().mediaType()).build();
    }

    /** The mask PNG; 404 when the image has none. */
    @GET
    @Path("{id}/images/{sha}/mask")
    public Response mask(@PathParam("id") String id, @PathParam("sha") String sha) {
        ImageRow row = images.require(datasetId(id), imageId(sha, id));
        if (row.maskId() == null) {
            throw new NotFoundException("image " + row.imageId() + " has no mask");
        }
        byte[] png = images.blobBytes(List.of(row.maskId())).get(row.maskId());
        return Response.ok(png, "image/png").build();
    }

    /** A malformed id cannot name a dataset: it is unknown (404) like any other. */
    private static UUID datasetId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("dataset " + id + " does not exist");
        }
    }

    private static String imageId(String sha, String datasetId) {
        try {
            return Sha256.requireId(sha, "image id");
        } catch (RuntimeException e) {
            throw new NotFoundException("image " + sha + " is not in dataset " + datasetId);
        }
    }
}
