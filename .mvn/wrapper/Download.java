import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Fallback downloader for ./mvnw on machines with a JDK but neither curl nor wget. */
public class Download {
  public static void main(String[] args) throws Exception {
    try (InputStream in = URI.create(args[0]).toURL().openStream()) {
      Files.copy(in, Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
