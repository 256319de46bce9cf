package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesInputFormatTest {
  @TempDir
  Path tmp;

  /** Netflix lines with every kind of line end, a long line, and no newline at the end. */
  private static String netflixText() {
    StringBuilder sb = new StringBuilder("1:\r\n");
    String[] ends = {"\n", "\r\n", "\r"};
    for (int i = 0; i < 3000; i++) {
      sb.append(i + 1).append(",3,2005-09-06").append(ends[i % 3]);
      if (i == 1500) {
        sb.append("9".repeat(20_000)).append('\n'); // longer than a block: the buffer grows
      }
    }
    return sb.append("7,5,2005-09-08").toString();
  }

  /** Line number -> line, split the way Hadoop's LineReader splits. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\r\n|\r|\n", -1)) {
      out.add(l);
    }
    if (out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static List<String> read(Path file, Configuration conf) throws IOException, InterruptedException {
    conf.setInt(ImportConf.BLOCK_BYTES, 8192);
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file.toUri());
    CombineFileSplit split = new CombineFileSplit(new org.apache.hadoop.fs.Path[] {p}, new long[] {Files.size(file)});
    var context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    RecordReader<SourceLine, LineBlock> r = new SourceFilesInputFormat().createRecordReader(split, context);
    r.initialize(split, context);
    List<String> got = new ArrayList<>();
    while (r.nextKeyValue()) {
      SourceLine where = r.getCurrentKey();
      assertEquals(Format.NETFLIX_RATINGS, where.format());
      assertEquals(got.size() + 1, where.line(), "a block's first line number");
      LineBlock b = r.getCurrentValue();
      byte last = b.bytes()[b.length() - 1];
      List<String> inBlock = lines(b.toString());
      assertTrue(last == '\n' || last == '\r' || inBlock.get(inBlock.size() - 1).equals("7,5,2005-09-08"),
          "blocks end at a line end");
      assertEquals(LineBlock.countLines(b.bytes(), b.length()), inBlock.size());
      got.addAll(inBlock);
    }
    r.close();
    return got;
  }

  @Test
  void blocksHoldWholeLinesNumberedAsInTheFile() throws Exception {
    String text = netflixText();
    Path f = tmp.resolve("mv_0000001.txt");
    Files.write(f, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8)); // with a byte-order mark
    List<String> got = read(f, new Configuration());
    assertEquals(lines(text), got);
    assertEquals(3003, got.size());
  }

  @Test
  void gzipFilesReadTheSame() throws Exception {
    String text = netflixText();
    Path f = tmp.resolve("mv_0000001.txt.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.write(f, bytes.toByteArray());
    assertEquals(lines(text), read(f, new Configuration()));
  }

  @Test
  void localFilesWithAHadoopChecksumAreStillVerified() throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(tmp.resolve("mv_1.txt").toUri());
    try (var out = org.apache.hadoop.fs.FileSystem.getLocal(conf).create(p)) { // writes .mv_1.txt.crc
      out.write("1:\n1,3,2005-09-06\n".getBytes(StandardCharsets.US_ASCII));
    }
    Path f = tmp.resolve("mv_1.txt");
    byte[] b = Files.readAllBytes(f);
    b[3] = '2';
    Files.write(f, b);
    try (var in = SourceFilesInputFormat.open(conf, p)) {
      org.junit.jupiter.api.Assertions.assertThrows(org.apache.hadoop.fs.ChecksumException.class, in::readAllBytes);
    }
    Files.delete(tmp.resolve(".mv_1.txt.crc"));
    try (var in = SourceFilesInputFormat.open(conf, p)) {
      assertEquals("1:\n2,3,2005-09-06\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aCarriageReturnAtTheBufferEndIsNotCutFromItsNewline() {
    byte[] b = "ab\r\ncd\r".getBytes(StandardCharsets.US_ASCII);
    assertEquals(4, LineBlock.lastCut(b, b.length), "the last \\r may be the start of a \\r\\n");
    assertEquals(0, LineBlock.lastCut("abc".getBytes(StandardCharsets.US_ASCII), 3));
    assertEquals(2, LineBlock.lastCut("a\rb".getBytes(StandardCharsets.US_ASCII), 3));
    assertEquals(3, LineBlock.countLines("a\r\rb\n".getBytes(StandardCharsets.US_ASCII), 5));
    assertEquals(2, LineBlock.countLines("a\n\n".getBytes(StandardCharsets.US_ASCII), 3));
    assertEquals(2, LineBlock.countLines("a\nb".getBytes(StandardCharsets.US_ASCII), 3));
    assertEquals(0, LineBlock.countLines(new byte[0], 0));
  }

  @Test
  void inputsAreListedInTheirGivenOrder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("training_set"));
    List<org.apache.hadoop.fs.Path> inputs = new ArrayList<>();
    for (int i = 9; i >= 0; i--) {
      Path f = dir.resolve("mv_" + i + ".txt");
      Files.writeString(f, "1:\n" + "1,1,2005-01-01\n".repeat(i + 1));
      if (i != 4) { // one file of the directory is not an input
        inputs.add(new org.apache.hadoop.fs.Path(f.toUri()));
      }
    }
    Path single = tmp.resolve("probe.txt");
    Files.writeString(single, "1:\n1\n");
    inputs.add(new org.apache.hadoop.fs.Path(single.toUri()));
    Job job = Job.getInstance(new Configuration());
    SourceFilesInputFormat.setInputs(job, inputs);
    assertEquals(inputs, SourceFilesInputFormat.inputs(job.getConfiguration()));
    List<FileStatus> st = new SourceFilesInputFormat() {
      List<FileStatus> list() throws IOException {
        return listStatus(job);
      }
    }.list();
    assertEquals(inputs.size(), st.size());
    for (int i = 0; i < inputs.size(); i++) {
      assertEquals(inputs.get(i), st.get(i).getPath());
      assertEquals(Files.size(Path.of(inputs.get(i).toUri())), st.get(i).getLen());
    }
    List<InputSplit> splits = new SourceFilesInputFormat().getSplits(job);
    long files = 0;
    for (InputSplit s : splits) {
      files += ((CombineFileSplit) s).getNumPaths();
    }
    assertEquals(inputs.size(), files);
  }
}
