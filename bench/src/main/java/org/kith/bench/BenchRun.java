package org.kith.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark run's settings ({@code --quick}, {@code --out FILE}) and its report,
 * {@code {"machine", "mode", "load_average_before", "load_average_after", "metrics"}}. The load
 * average is read when the run starts and when it is written: the cores may be shared with other
 * work, and a load above the core count inflates every figure.
 */
public final class BenchRun {

    private final boolean quick;
    private final Path out;
    private final double loadBefore;

    private BenchRun(boolean quick, Path out, double loadBefore) {
        this.quick = quick;
        this.out = out;
        this.loadBefore = loadBefore;
    }

    /**
     * The run the command line asks for; {@code defaultOut} unless {@code --out} is given. A benchmark
     * run by another process first (a fuzzing campaign) gives its starting load as {@code --load-before}.
     */
    public static BenchRun fromArgs(String[] args, String defaultOut) {
        boolean quick = false;
        Path out = Path.of(defaultOut);
        double loadBefore = loadAverage();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--load-before" -> loadBefore = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new BenchRun(quick, out, loadBefore);
    }

    public boolean quick() {
        return quick;
    }

    /** Writes the report with {@code metrics} to the output file. */
    public void write(Map<String, Object> metrics) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Machine.describe());
        report.put("mode", quick ? "quick" : "full");
        report.put("load_average_before", loadBefore);
        report.put("load_average_after", loadAverage());
        report.put("metrics", metrics);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        System.out.println("wrote " + out);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
