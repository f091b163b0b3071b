package dev.inspection.training.bgad;

import java.util.SplittableRandom;

/**
 * Seeded random rotations from SO(C), the fixed mixing matrix of each coupling block (FrEIA
 * {@code AllInOneBlock} with {@code permute_soft}, methods.md §2.4). Haar-distributed like scipy's
 * {@code special_ortho_group}: QR of a Gaussian matrix with the signs of R's diagonal folded into Q,
 * then one column negated if needed so that det = +1. The draw differs from numpy's; the seed makes it
 * reproducible and the matrix is saved with the model anyway.
 */
public final class RandomRotation {

    private RandomRotation() {
    }

    /** A row-major {@code [size, size]} rotation matrix. */
    public static float[] draw(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("rotation size must be positive, got " + size);
        }
        double[][] q = orthonormalColumns(size, size, seed);
        if (determinantSign(q) < 0) {
            for (int r = 0; r < size; r++) {
                q[r][0] = -q[r][0];
            }
        }
        float[] out = new float[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                out[r * size + c] = (float) q[r][c];
            }
        }
        return out;
    }

    /**
     * {@code rows x cols} matrix ({@code cols <= rows}) with orthonormal columns from a seeded Gaussian
     * (modified Gram-Schmidt in double, sign convention of a QR with positive R diagonal).
     */
    static double[][] orthonormalColumns(int rows, int cols, long seed) {
        if (cols > rows) {
            throw new IllegalArgumentException("cannot have " + cols + " orthonormal columns in dimension " + rows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] a = new double[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                a[c][r] = gaussian(random);
            }
        }
        for (int c = 0; c < cols; c++) {
            double[] v = a[c];
            for (int pass = 0; pass < 2; pass++) { // re-orthogonalise once for float-safe orthonormality
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) {
                        dot += v[r] * a[p][r];
                    }
                    for (int r = 0; r < rows; r++) {
                        v[r] -= dot * a[p][r];
                    }
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += v[r] * v[r];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                v[r] /= norm;
            }
        }
        double[][] out = new double[rows][cols];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out[r][c] = a[c][r];
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Sign of the determinant by Gaussian elimination with partial pivoting on a copy. */
    static int determinantSign(double[][] matrix) {
        int n = matrix.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = matrix[i].clone();
        }
        int sign = 1;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (m[pivot][col] == 0) {
                return 0;
            }
            if (pivot != col) {
                double[] t = m[pivot];
                m[pivot] = m[col];
                m[col] = t;
                sign = -sign;
            }
            if (m[col][col] < 0) {
                sign = -sign;
            }
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c < n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        return sign;
    }
}
