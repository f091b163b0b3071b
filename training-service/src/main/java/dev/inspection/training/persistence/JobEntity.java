package dev.inspection.training.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code training_job}. */
@Entity
@Table(name = "training_job")
public class JobEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "model_name")
    public String modelName;
    public String method;
    public String state;
    public String phase;
    @Column(name = "dataset_id")
    public String datasetId;
    @Column(name = "snapshot_id")
    public String snapshotId;
    public String preset;
    @Column(name = "config_json")
    public String configJson;
    @Column(name = "preprocessing_json")
    public String preprocessingJson;
    @Column(name = "backbone_id")
    public String backboneId;
    public boolean activate;
    public long seed;
    public String error;
    @Column(name = "registered_version")
    public int registeredVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
