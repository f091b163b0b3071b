package dev.inspection.cli.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code chromium} headless on a local file: DOM dump or screenshot. */
final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Chromium from the PATH, or empty when it is not installed. */
    static Optional<HeadlessChromium> find(Path workDir) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, workDir));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after load (scripts run, virtual time advanced). */
    String dumpDom(Path html) throws IOException, InterruptedException {
        Path dom = workDir.resolve("dom.html");
        run(html, "dom-profile", dom, "--dump-dom");
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    /** A PNG screenshot of the page at the given window size. */
    Path screenshot(Path html, int width, int height) throws IOException, InterruptedException {
        Path png = workDir.resolve("page.png");
        run(html, "shot-profile", workDir.resolve("shot-stdout.txt"), "--screenshot=" + png,
                "--window-size=" + width + "," + height, "--hide-scrollbars");
        return png;
    }

    private void run(Path html, String profile, Path stdout, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + workDir.resolve(profile),
                "--virtual-time-budget=5000"));
        command.addAll(List.of(extra));
        command.add(html.toUri().toString());
        Path stderr = workDir.resolve(profile + "-stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("chromium exited with " + process.exitValue() + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
    }
}
