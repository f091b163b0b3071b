package dev.inspection.dataset.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An encoded image or mask file, content-addressed. Rows are inserted by {@link BlobWriter}. */
@Entity
@Table(name = "image_blob")
public class ImageBlobEntity extends PanacheEntityBase {
    @Id
    @Column(name = "sha256", length = 64)
    public String sha256;

    /** Lazy: metadata queries must never drag the pixels along. */
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] bytes;

    public int width;
    public int height;
    public short channels;

    @Column(nullable = false, length = 8)
    public String format;

    @Column(name = "byte_size")
    public int byteSize;
}
