package netflixjobs.importer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
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
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.util.StringUtils;

/**
 * Blocks of whole lines of rating and probe files, each with its file, first line number and
 * detected format. Files are read whole (a Netflix file's lines depend on its MovieID: header)
 * and many small files share a split, so 17,770 training_set files make a few dozen tasks.
 */
public class SourceFilesInputFormat extends CombineFileInputFormat<SourceLine, LineBlock> {
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
    return PROBES.computeIfAbsent(conf, c -> new HashSet<>(Arrays.asList(c.getTrimmedStrings(ImportConf.PROBE_FILES))));
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }

  /**
   * Sets the input files: a line per directory, "dir,name,name,...", escaped as Hadoop escapes
   * input paths. Not FileInputFormat's list of full paths: thousands of those made the job's
   * configuration half a megabyte, written and parsed at every submission.
   */
  public static void setInputs(Job job, List<Path> files) {
    StringBuilder sb = new StringBuilder();
    Path dir = null;
    for (Path p : files) {
      if (!p.getParent().equals(dir)) {
        dir = p.getParent();
        sb.append(sb.length() == 0 ? "" : "\n").append(StringUtils.escapeString(dir.toString()));
      }
      sb.append(',').append(StringUtils.escapeString(p.getName()));
    }
    job.getConfiguration().set(ImportConf.INPUTS, sb.toString());
  }

  /** The input files set by {@link #setInputs}, in order. */
  static List<Path> inputs(Configuration conf) {
    List<Path> out = new ArrayList<>();
    for (String line : conf.get(ImportConf.INPUTS, "").split("\n")) {
      String[] parts = StringUtils.split(line, StringUtils.ESCAPE_CHAR, ',');
      Path dir = new Path(StringUtils.unEscapeString(parts[0]));
      for (int i = 1; i < parts.length; i++) {
        out.add(new Path(dir, StringUtils.unEscapeString(parts[i])));
      }
    }
    return out;
  }

  /**
   * The input files' statuses: local files from a stat each, others from one listing per
   * directory. The default globs each of the thousands of input paths and asks for each file's
   * status and blocks through the file system: seconds at submission.
   */
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    List<Path> paths = inputs(conf);
    Map<Path, List<Path>> byDir = new LinkedHashMap<>();
    for (Path p : paths) {
      byDir.computeIfAbsent(p.getParent(), d -> new ArrayList<>()).add(p);
    }
    Map<Path, FileStatus> found = new HashMap<>();
    for (Map.Entry<Path, List<Path>> e : byDir.entrySet()) {
      FileSystem fs = e.getKey().getFileSystem(conf);
      if (fs instanceof LocalFileSystem) {
        long blockSize = fs.getDefaultBlockSize(e.getKey());
        for (Path p : e.getValue()) {
          found.put(p, localStatus(p, blockSize));
        }
        continue;
      }
      Map<String, LocatedFileStatus> names = new HashMap<>();
      for (RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(e.getKey()); it.hasNext(); ) {
        LocatedFileStatus s = it.next();
        names.put(s.getPath().getName(), s);
      }
      for (Path p : e.getValue()) {
        FileStatus s = names.get(p.getName());
        if (s == null) {
          throw new FileNotFoundException("input " + p + " does not exist");
        }
        s.setPath(p); // the path as given (qualified by the driver), whatever the listing spelled
        found.put(p, s);
      }
    }
    List<FileStatus> out = new ArrayList<>(paths.size());
    for (Path p : paths) {
      out.add(found.get(p));
    }
    return out;
  }

  /**
   * A local file's status and its one block, as the local file system gives them but without
   * its costs (and without asking `ls` for permissions, which LocatedFileStatus would do).
   */
  private static FileStatus localStatus(Path p, long blockSize) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(java.nio.file.Paths.get(p.toUri()), BasicFileAttributes.class);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new FileNotFoundException("input " + p + " does not exist");
    }
    BlockLocation[] blocks = {new BlockLocation(new String[] {"localhost:9866"}, new String[] {"localhost"}, 0, a.size())};
    return new LocatedFileStatus(a.size(), false, 1, blockSize, a.lastModifiedTime().toMillis(), 0, null, null, null,
        null, p, false, false, false, blocks);
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
    private final String name;
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
      int size = Math.max(HEAD_BYTES, conf.getInt(ImportConf.BLOCK_BYTES, ImportConf.DEFAULT_BLOCK_BYTES));
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
        buffers[1] = new byte[buffers[0].length * 2]; // holds nothing yet: the mapper is done with it
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
