package dev.inspection.training.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Row of {@code model_version}. */
@Entity
@Table(name = "model_version")
public class ModelVersionEntity extends PanacheEntityBase {

    /** (model name, version). */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "model_name")
        public String modelName;
        public int version;

        public Key() {
        }

        public Key(String modelName, int version) {
            this.modelName = modelName;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.modelName, modelName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelName, version);
        }
    }

    @EmbeddedId
    public Key key;
    public String method;
    @Column(name = "job_id")
    public UUID jobId;
    @Column(name = "snapshot_id")
    public String snapshotId;
    @Column(name = "manifest_json")
    public String manifestJson;
    public boolean active;
    @Column(name = "created_at")
    public Instant createdAt;
}
