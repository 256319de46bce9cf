package netflixjobs.svd.train;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The training and probe RMSE per epoch as a PNG, drawn with XChart when XChart is on the
 * classpath (it is under bin/netflix-jobs; a cluster's {@code hadoop jar} does not ship it,
 * and then the plot is skipped: the same figures are in summary.json).
 */
public final class RmsePlot {
  private RmsePlot() {}

  public static boolean available() {
    try {
      Class.forName("org.knowm.xchart.XYChart", false, RmsePlot.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Writes the plot and returns its path, or returns null when XChart is missing or cannot draw here. */
  public static String writeIfAvailable(Configuration conf, Path file, List<Epoch> history) throws IOException {
    if (!available()) {
      return null;
    }
    byte[] png;
    try {
      if (System.getProperty("java.awt.headless") == null) {
        System.setProperty("java.awt.headless", "true");
      }
      png = Drawer.png(history);
    } catch (LinkageError | RuntimeException | IOException e) {
      return null;
    }
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(png);
    }
    return file.toString();
  }

  /** The only class that touches XChart; loaded only once XChart is known to be there. */
  static final class Drawer {
    private Drawer() {}

    static byte[] png(List<Epoch> history) throws IOException {
      int n = history.size();
      double[] x = new double[n];
      double[] train = new double[n];
      int probes = 0;
      for (int i = 0; i < n; i++) {
        x[i] = history.get(i).epoch();
        train[i] = history.get(i).trainRmse();
        probes += Double.isNaN(history.get(i).probeRmse()) ? 0 : 1;
      }
      org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(800).height(500)
          .title("svd: RMSE per epoch").xAxisTitle("epoch").yAxisTitle("RMSE (stars)").build();
      chart.addSeries("train (during the epoch)", x, train);
      if (probes == n && n > 0) {
        double[] probe = new double[n];
        for (int i = 0; i < n; i++) {
          probe[i] = history.get(i).probeRmse();
        }
        chart.addSeries("probe (after the epoch)", x, probe);
      }
      return org.knowm.xchart.BitmapEncoder.getBitmapBytes(chart, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
