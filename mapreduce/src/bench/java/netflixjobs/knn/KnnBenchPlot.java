package netflixjobs.knn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The benchmark's plot: wall time against work (pair updates) for knn, the in-memory baseline
 * and Mahout, log-log. Input: TSV lines {@code scale, updates, knn s, baseline s|-, mahout s|-}.
 */
public final class KnnBenchPlot {
  private KnnBenchPlot() {}

  private static double num(String s) {
    return s.equals("-") ? Double.NaN : Double.parseDouble(s);
  }

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<double[]> rows = new ArrayList<>();
    for (String l : Files.readAllLines(Paths.get(args[0]))) {
      String[] f = l.split("\t");
      rows.add(new double[] {Double.parseDouble(f[1]), num(f[2]), num(f[3]), num(f[4])});
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title("knn: wall time against work")
        .xAxisTitle("pair updates (sum over users of n(n-1)/2)").yAxisTitle("seconds, whole process").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    String[] names = {"netflix-jobs knn (all cores)", "in-memory baseline (1 thread)", "Mahout ItemSimilarityJob"};
    for (int s = 0; s < 3; s++) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] r : rows) {
        if (!Double.isNaN(r[s + 1])) {
          x.add(r[0]);
          y.add(r[s + 1]);
        }
      }
      if (!x.isEmpty()) {
        XYSeries series = chart.addSeries(names[s], x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      }
    }
    BitmapEncoder.saveBitmap(chart, args[1], BitmapEncoder.BitmapFormat.PNG);
  }
}
