package netflixjobs.importer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * Blocks of whole lines of rating and probe files, each with its file, first line number and
 * detected format. Files are read whole (a Netflix file's lines depend on its MovieID: header)
 * and many small files share a split, so 17,770 training_set files make a few dozen tasks.
 */
public class SourceFilesInputFormat extends CombineFileInputFormat<SourceLine, LineBlock> {
  /** Comma-separated qualified paths of the probe files among the inputs. */
  public static final String PROBE_FILES = "netflixjobs.import.probe.files";
  /** Bytes of a line block (more when a single line is longer). */
  public static final String BLOCK_BYTES = "netflixjobs.import.block.bytes";
  static final int HEAD_BYTES = 8192;

  private static final Map<Configuration, CompressionCodecFactory> CODECS = new WeakHashMap<>();
  private static final Map<Configuration, Set<String>> PROBES = new WeakHashMap<>();

  /** One codec factory per job configuration: building one scans the classpath, and a task opens thousands of files. */
  static synchronized CompressionCodecFactory codecs(Configuration conf) {
    return CODECS.computeIfAbsent(conf, CompressionCodecFactory::new);
  }

  /**
   * Opens a file, uncompressing it if its name says so. A local file with no Hadoop checksum
   * beside it is opened with java.nio: Hadoop's local file system costs about 100 us a file
   * in object churn (7 times nio's), and a task reads thousands of them.
   */
  static InputStream open(Configuration conf, Path p) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    InputStream raw;
    java.nio.file.Path local = fs instanceof LocalFileSystem ? java.nio.file.Paths.get(fs.makeQualified(p).toUri()) : null;
    if (local != null && !Files.exists(local.resolveSibling("." + local.getFileName() + ".crc"))) {
      raw = Files.newInputStream(local);
    } else {
      raw = fs.open(p);
    }
    CompressionCodec codec = codecs(conf).getCodec(p);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  static synchronized Set<String> probeFiles(Configuration conf) {
    return PROBES.computeIfAbsent(conf, c -> new HashSet<>(Arrays.asList(c.getTrimmedStrings(PROBE_FILES))));
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }

  /**
   * The input files' statuses from one listing per directory. The default globs each of the
   * thousands of input paths and asks for each file's status and blocks: seconds at submission.
   */
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    Path[] paths = getInputPaths(job);
    Map<Path, List<Path>> byDir = new LinkedHashMap<>();
    for (Path p : paths) {
      byDir.computeIfAbsent(p.getParent(), d -> new ArrayList<>()).add(p);
    }
    Map<Path, FileStatus> found = new HashMap<>();
    for (Map.Entry<Path, List<Path>> e : byDir.entrySet()) {
      FileSystem fs = e.getKey().getFileSystem(conf);
      if (e.getValue().size() < 4) { // a few files: ask for them, not for the whole directory
        for (Path p : e.getValue()) {
          found.put(p, fs.getFileStatus(p));
        }
        continue;
      }
      Map<String, FileStatus> names = new HashMap<>();
      if ("file".equals(fs.getScheme())) {
        // Not listLocatedStatus here: on the local file system it runs `ls` per file for permissions.
        for (FileStatus s : fs.listStatus(e.getKey())) {
          names.put(s.getPath().getName(), s);
        }
      } else { // statuses with their block locations, in batches: no call per file
        for (RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(e.getKey()); it.hasNext(); ) {
          LocatedFileStatus s = it.next();
          names.put(s.getPath().getName(), s);
        }
      }
      for (Path p : e.getValue()) {
        FileStatus s = names.get(p.getName());
        if (s == null) {
          throw new FileNotFoundException("input " + p + " does not exist");
        }
        found.put(p, s);
      }
    }
    List<FileStatus> out = new ArrayList<>(paths.length);
    for (Path p : paths) {
      FileStatus s = found.get(p);
      s.setPath(p); // the path as given (qualified by the driver), whatever the listing spelled
      out.add(s);
    }
    return out;
  }

  @Override
  public RecordReader<SourceLine, LineBlock> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, FileReader.class);
  }

  /** Two block buffers per thread, reused from file to file: a task reads thousands of small files. */
  private static final ThreadLocal<byte[][]> BUFFERS = new ThreadLocal<>();

  /** Reads one file of a combined split, a block of whole lines at a time. */
  public static class FileReader extends RecordReader<SourceLine, LineBlock> {
    private final Path path;
    private final String name; // one String per file: the mapper notices a new file by reference
    private final long length;
    private long uncompressedLength;
    private InputStream in;
    private long read; // bytes read, uncompressed
    private final SourceLine key = new SourceLine();
    private final LineBlock value = new LineBlock();
    private byte[][] buffers; // [0] is filled next, [1] is the one the mapper has
    private int filled; // bytes of buffers[0] read but not yet handed out
    private boolean eof;
    private Format format;
    private boolean probe;
    private long nextLine = 1;

    public FileReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
      this.path = split.getPath(index);
      this.name = path.toString();
      this.length = split.getLength(index);
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
      Configuration conf = context.getConfiguration();
      buffers = BUFFERS.get();
      int size = Math.max(HEAD_BYTES, conf.getInt(BLOCK_BYTES, 1 << 20));
      if (buffers == null || buffers[0].length < size) {
        buffers = new byte[][] {new byte[size], new byte[size]};
        BUFFERS.set(buffers);
      }
      in = open(conf, path);
      uncompressedLength = codecs(conf).getCodec(path) == null ? length : 4 * length; // a guess for progress
      fill();
      byte[] b = buffers[0];
      format = Format.detect(b, Math.min(filled, HEAD_BYTES));
      if (format == null || format.kind() == Format.Kind.TITLES) {
        throw new IOException(path + " is not a ratings or probe file this import understands");
      }
      if (filled >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
        System.arraycopy(b, 3, b, 0, filled - 3); // byte-order mark
        filled -= 3;
      }
      probe = probeFiles(conf).contains(name) || format.kind() == Format.Kind.PROBE_IDS;
    }

    /** Reads until buffers[0] is full or the file ends. */
    private void fill() throws IOException {
      byte[] b = buffers[0];
      while (!eof && filled < b.length) {
        int n = in.read(b, filled, b.length - filled);
        if (n < 0) {
          eof = true;
        } else {
          filled += n;
          read += n;
        }
      }
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      fill();
      int cut = eof ? filled : LineBlock.lastCut(buffers[0], filled);
      while (cut == 0 && !eof) { // a line longer than the buffer: grow it
        buffers[1] = Arrays.copyOf(buffers[1], buffers[0].length * 2);
        buffers[0] = Arrays.copyOf(buffers[0], buffers[0].length * 2);
        fill();
        cut = eof ? filled : LineBlock.lastCut(buffers[0], filled);
      }
      if (cut == 0) {
        return false;
      }
      byte[] b = buffers[0];
      value.set(b, cut);
      key.set(name, nextLine, format, probe);
      nextLine += LineBlock.countLines(b, cut);
      // the rest goes to the front of the other buffer, which is filled next
      byte[] other = buffers[1];
      filled -= cut;
      System.arraycopy(b, cut, other, 0, filled);
      buffers[1] = b;
      buffers[0] = other;
      return true;
    }

    @Override
    public SourceLine getCurrentKey() {
      return key;
    }

    @Override
    public LineBlock getCurrentValue() {
      return value;
    }

    @Override
    public float getProgress() {
      return eof || uncompressedLength <= 0 ? 1f : Math.min(1f, read / (float) uncompressedLength);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}
