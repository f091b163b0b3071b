package dev.inspection.dataset.persistence;

import dev.inspection.dataset.domain.ImageLabel;
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

/** One label a membership had; written with every label change, never updated. */
@Entity
@Table(name = "label_history")
public class LabelHistoryEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "label_history_seq")
    @SequenceGenerator(name = "label_history_seq", sequenceName = "label_history_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_image_id", nullable = false)
    public DatasetImageEntity membership;

    public long revision;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ImageLabel label;

    @Column(name = "defect_type", nullable = false, length = 64)
    public String defectType;

    @Column(name = "labelled_by", nullable = false)
    public String labelledBy;

    @Column(name = "labelled_at", nullable = false)
    public Instant labelledAt;

    static LabelHistoryEntity of(DatasetImageEntity membership) {
        LabelHistoryEntity entry = new LabelHistoryEntity();
        entry.membership = membership;
        entry.revision = membership.labelRevision;
        entry.label = membership.label;
        entry.defectType = membership.defectType;
        entry.labelledBy = membership.labelledBy;
        entry.labelledAt = membership.labelledAt;
        return entry;
    }
}
