package org.cncertrelay.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the settings come from: the file named with {@code --config}, else {@code config/application.properties}
 * in the working directory when it exists, else the copy of it built into the jar, so the relay runs from any
 * directory.
 */
public record SettingsFile(String source, Properties properties) {

    static final Path IN_WORKING_DIR = Path.of("config", "application.properties");
    static final String BUILT_IN = "config/application.properties";

    /** The file the user named: it must exist, or the relay would silently run on the defaults. */
    public static SettingsFile named(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", file.toAbsolutePath() + " does not exist or is not a file");
        }
        return read(file);
    }

    public static SettingsFile standard() {
        if (Files.isRegularFile(IN_WORKING_DIR)) {
            return read(IN_WORKING_DIR);
        }
        try (InputStream in = SettingsFile.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new ConfigException("--config", "no " + IN_WORKING_DIR + " here and none built into the jar; "
                        + "name a settings file with --config FILE");
            }
            return new SettingsFile("the built-in " + BUILT_IN, load(new InputStreamReader(in,
                    StandardCharsets.UTF_8), BUILT_IN));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read the built-in " + BUILT_IN + ": " + e.getMessage());
        }
    }

    private static SettingsFile read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new SettingsFile(file.toString(), load(reader, file.toString()));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    private static Properties load(Reader reader, String name) throws IOException {
        Properties properties = new Properties();
        try {
            properties.load(reader);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--config", "cannot read " + name + ": " + e.getMessage());
        }
        return properties;
    }
}
