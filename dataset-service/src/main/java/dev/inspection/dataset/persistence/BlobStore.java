package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.EncodedFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The content-addressed image_blob table: existence checks, batched inserts, byte loads. */
@ApplicationScoped
public class BlobStore {
    /** One blob to insert. */
    public record Blob(String sha256, byte[] bytes, int width, int height, int channels, EncodedFormat format) {
    }

    @Inject
    Jdbc jdbc;

    /** The ids among {@code ids} that are already stored. */
    public Set<String> existing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT sha256 FROM image_blob WHERE sha256 = ANY(?)")) {
                statement.setArray(1, Jdbc.varcharArray(connection, ids));
                Set<String> found = new HashSet<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                return found;
            }
        });
    }

    /** Inserts the blobs in one JDBC batch; a blob stored meanwhile by someone else is skipped. */
    public void insert(List<Blob> blobs) {
        if (blobs.isEmpty()) {
            return;
        }
        jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO image_blob (sha256, bytes, width, height, channels, format, byte_size)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
                for (Blob blob : blobs) {
                    statement.setString(1, blob.sha256());
                    statement.setBytes(2, blob.bytes());
                    statement.setInt(3, blob.width());
                    statement.setInt(4, blob.height());
                    statement.setShort(5, (short) blob.channels());
                    statement.setString(6, blob.format().name());
                    statement.setInt(7, blob.bytes().length);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    /** The bytes of the given blobs by id (ids that do not exist are absent from the map). */
    public Map<String, byte[]> bytes(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT sha256, bytes FROM image_blob WHERE sha256 = ANY(?)")) {
                statement.setArray(1, Jdbc.varcharArray(connection, ids));
                Map<String, byte[]> found = new HashMap<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getBytes(2));
                    }
                }
                return found;
            }
        });
    }

    /** Deletes those of {@code ids} that no dataset or snapshot references any more. */
    public int deleteUnreferenced(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM image_blob b WHERE b.sha256 = ANY(?)"
                            + " AND NOT EXISTS (SELECT 1 FROM dataset_image m WHERE m.image_sha256 = b.sha256)"
                            + " AND NOT EXISTS (SELECT 1 FROM dataset_image m WHERE m.mask_sha256 = b.sha256)"
                            + " AND NOT EXISTS (SELECT 1 FROM snapshot_member s WHERE s.image_sha256 = b.sha256)"
                            + " AND NOT EXISTS (SELECT 1 FROM snapshot_member s WHERE s.mask_sha256 = b.sha256)")) {
                statement.setArray(1, Jdbc.varcharArray(connection, ids));
                return statement.executeUpdate();
            }
        });
    }
}
