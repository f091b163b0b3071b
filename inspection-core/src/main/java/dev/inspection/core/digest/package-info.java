/** Content digests shared by the services ({@link dev.inspection.core.digest.Sha256}). */
package dev.inspection.core.digest;
