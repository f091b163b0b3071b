package dev.inspection.dataset.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "dataset")
public class DatasetEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, unique = true, length = 128)
    public String name;

    @Column(nullable = false)
    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
