package netflixjobs.importer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.util.ReflectionUtils;

import netflixjobs.ratings.MovieRating;

/**
 * Writes rating records (IntWritable user, {@link MovieRating}) as the block-compressed Snappy
 * SequenceFile that {@link netflixjobs.ratings.Dataset#writer} makes, byte for byte but for the
 * sync marker, from plain ints. SequenceFile's writer serialises every key through a
 * synchronized write per byte: that was most of import's reduce. The sync marker is a hash of
 * the file's and its directory's names, so the same import writes the same bytes.
 */
final class RatingFileWriter implements Closeable {
  private static final byte[] VERSION = {'S', 'E', 'Q', 6};
  private static final int KEY_BYTES = 4;
  private static final int RECORD_BYTES = KEY_BYTES + MovieRating.BYTES;

  private final FSDataOutputStream out;
  private final Compressor compressor;
  private final CompressionOutputStream deflate;
  private final DataOutputBuffer compressed = new DataOutputBuffer();
  private final byte[] sync;
  private final int maxRecords;
  private final byte[] keyLengths;
  private final byte[] keys;
  private final byte[] valueLengths;
  private final byte[] values;
  private int inBlock; // records in the block being gathered
  private long written;

  RatingFileWriter(Configuration conf, Path file) throws IOException {
    SnappyCodec codec = new SnappyCodec();
    ReflectionUtils.setConf(codec, conf);
    // SequenceFile.Writer ends a block once its keys and values reach this many bytes
    int blockBytes = conf.getInt("io.seqfile.compress.blocksize", 1_000_000);
    maxRecords = (blockBytes + RECORD_BYTES - 1) / RECORD_BYTES;
    keyLengths = filled(maxRecords, (byte) KEY_BYTES); // a one-byte VInt each
    valueLengths = filled(maxRecords, (byte) MovieRating.BYTES);
    keys = new byte[maxRecords * KEY_BYTES];
    values = new byte[maxRecords * MovieRating.BYTES];
    sync = syncMarker(file.getName() + " " + file.getParent().getName());
    compressor = CodecPool.getCompressor(codec);
    deflate = codec.createOutputStream(compressed, compressor);
    out = file.getFileSystem(conf).create(file, false);
    header(codec);
  }

  private static byte[] filled(int n, byte b) {
    byte[] a = new byte[n];
    java.util.Arrays.fill(a, b);
    return a;
  }

  static byte[] syncMarker(String name) {
    try {
      return MessageDigest.getInstance("MD5").digest(name.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has MD5
    }
  }

  /** As SequenceFile.Writer writes it: version, classes, compression, codec, no metadata, sync. */
  private void header(CompressionCodec codec) throws IOException {
    out.write(VERSION);
    Text.writeString(out, IntWritable.class.getName());
    Text.writeString(out, MovieRating.class.getName());
    out.writeBoolean(true); // compressed
    out.writeBoolean(true); // in blocks
    Text.writeString(out, codec.getClass().getName());
    new SequenceFile.Metadata().write(out);
    out.write(sync);
  }

  /** Appends a rating; payload as {@link ImportChunk#payload}. */
  void append(int user, int movie, int payload) throws IOException {
    int k = inBlock * KEY_BYTES;
    keys[k] = (byte) (user >>> 24);
    keys[k + 1] = (byte) (user >>> 16);
    keys[k + 2] = (byte) (user >>> 8);
    keys[k + 3] = (byte) user;
    MovieRating.encode(values, inBlock * MovieRating.BYTES, movie, ImportChunk.halfStars(payload), ImportChunk.day(payload));
    inBlock++;
    written++;
    if (inBlock == maxRecords) {
      writeBlock();
    }
  }

  /** Records appended so far. */
  long records() {
    return written;
  }

  /** A sync mark, the record count, then key lengths, keys, value lengths and values, each compressed. */
  private void writeBlock() throws IOException {
    out.writeInt(-1); // SequenceFile's SYNC_ESCAPE
    out.write(sync);
    WritableUtils.writeVInt(out, inBlock);
    writeCompressed(keyLengths, inBlock);
    writeCompressed(keys, inBlock * KEY_BYTES);
    writeCompressed(valueLengths, inBlock);
    writeCompressed(values, inBlock * MovieRating.BYTES);
    inBlock = 0;
  }

  private void writeCompressed(byte[] data, int length) throws IOException {
    deflate.resetState();
    compressed.reset();
    deflate.write(data, 0, length);
    deflate.finish();
    WritableUtils.writeVInt(out, compressed.getLength());
    out.write(compressed.getData(), 0, compressed.getLength());
  }

  @Override
  public void close() throws IOException {
    try {
      if (inBlock > 0) {
        writeBlock();
      }
      out.close();
    } finally {
      CodecPool.returnCompressor(compressor);
    }
  }
}
