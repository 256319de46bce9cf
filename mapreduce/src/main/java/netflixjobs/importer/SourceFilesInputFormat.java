package netflixjobs.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.util.LineReader;

/**
 * The lines of rating and probe files, each with its file, line number and detected format.
 * Files are read whole (a Netflix file's lines depend on its MovieID: header) and many small
 * files share a split, so 17,770 training_set files make a few dozen tasks, not 17,770.
 */
public class SourceFilesInputFormat extends CombineFileInputFormat<SourceLine, Text> {
  /** Comma-separated qualified paths of the probe files among the inputs. */
  public static final String PROBE_FILES = "netflixjobs.import.probe.files";
  static final int HEAD_BYTES = 8192;

  private static final Map<Configuration, CompressionCodecFactory> CODECS = new WeakHashMap<>();

  /** One codec factory per job configuration: building one scans the classpath, and a task opens thousands of files. */
  static synchronized CompressionCodecFactory codecs(Configuration conf) {
    return CODECS.computeIfAbsent(conf, CompressionCodecFactory::new);
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }

  @Override
  public RecordReader<SourceLine, Text> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, FileReader.class);
  }

  /** Reads one file of a combined split, line by line. */
  public static class FileReader extends RecordReader<SourceLine, Text> {
    private final Path path;
    private final String name; // one String per file: the mapper notices a new file by reference
    private final long length;
    private FSDataInputStream raw;
    private LineReader lines;
    private final SourceLine key = new SourceLine();
    private final Text value = new Text();
    private Format format;
    private boolean probe;
    private long lineNo;

    public FileReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
      this.path = split.getPath(index);
      this.name = path.toString();
      this.length = split.getLength(index);
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
      Configuration conf = context.getConfiguration();
      raw = path.getFileSystem(conf).open(path);
      CompressionCodec codec = codecs(conf).getCodec(path);
      InputStream in = new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 1 << 16);
      in.mark(HEAD_BYTES);
      byte[] head = in.readNBytes(HEAD_BYTES);
      in.reset();
      format = Format.detect(head, head.length);
      if (format == null || format.kind() == Format.Kind.TITLES) {
        throw new IOException(path + " is not a ratings or probe file this import understands");
      }
      if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
        in.skipNBytes(3); // byte-order mark
      }
      Set<String> probes = new HashSet<>(Arrays.asList(conf.getTrimmedStrings(PROBE_FILES)));
      probe = probes.contains(name) || format.kind() == Format.Kind.PROBE_IDS;
      lines = new LineReader(in, conf);
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      if (lines.readLine(value) == 0) {
        return false;
      }
      key.set(name, ++lineNo, format, probe);
      return true;
    }

    @Override
    public SourceLine getCurrentKey() {
      return key;
    }

    @Override
    public Text getCurrentValue() {
      return value;
    }

    private float progress;

    /** Asked after every record; the stream position is looked up every 4,096 lines only. */
    @Override
    public float getProgress() throws IOException {
      if ((lineNo & 4095) == 0) {
        progress = length <= 0 ? 1f : Math.min(1f, raw.getPos() / (float) length);
      }
      return progress;
    }

    @Override
    public void close() throws IOException {
      if (lines != null) {
        lines.close();
      } else if (raw != null) {
        raw.close();
      }
    }
  }
}
