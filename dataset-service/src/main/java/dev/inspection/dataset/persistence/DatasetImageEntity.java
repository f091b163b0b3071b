package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.ImageLabel;
import dev.inspection.dataset.domain.ImageSplit;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** Membership of an image in a dataset with its current split, label and mask. */
@Entity
@Table(name = "dataset_image")
public class DatasetImageEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "dataset_image_seq")
    @SequenceGenerator(name = "dataset_image_seq", sequenceName = "dataset_image_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_id", nullable = false)
    public DatasetEntity dataset;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_sha256", nullable = false)
    public ImageBlobEntity image;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ImageSplit split;

    @Column(name = "source_name", nullable = false)
    public String sourceName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ImageLabel label;

    @Column(name = "defect_type", nullable = false, length = 64)
    public String defectType;

    @Column(name = "label_revision", nullable = false)
    public long labelRevision;

    @Column(name = "labelled_by", nullable = false)
    public String labelledBy;

    @Column(name = "labelled_at", nullable = false)
    public Instant labelledAt;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "mask_sha256")
    public ImageBlobEntity mask;
}
