package netflixjobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir
  Path tmp;

  private static LocalFileSystem fs() throws IOException {
    Configuration conf = Embedded.nioLocalFs(new Configuration());
    FileSystem fs = FileSystem.newInstance(java.net.URI.create("file:///"), conf);
    assertTrue(fs instanceof NioLocalFileSystem, fs.getClass().getName());
    return (LocalFileSystem) fs;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void everyModeMapsToTheSameNineBits() {
    for (short mode = 0; mode < 0777; mode++) {
      FsPermission p = new FsPermission(mode);
      assertEquals(p.toString().substring(0, 9), PosixFilePermissions.toString(NioLocalFileSystem.posix(p)), "mode " + mode);
    }
  }

  @Test
  void filesAndDirectoriesGetTheirPermissions() throws IOException {
    try (LocalFileSystem fs = fs()) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "staging");
      assertTrue(fs.mkdirs(dir, new FsPermission((short) 0700)));
      assertEquals("rwx------", mode(tmp.resolve("staging")));

      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, "job.xml");
      try (FSDataOutputStream out = FileSystem.create(fs, file, new FsPermission((short) 0644))) {
        out.writeUTF("<configuration/>");
      }
      assertEquals("rw-r--r--", mode(tmp.resolve("staging/job.xml")));
      fs.setPermission(file, new FsPermission((short) 0640));
      assertEquals("rw-r-----", mode(tmp.resolve("staging/job.xml")));
      assertEquals("rw-r-----", fs.getFileStatus(file).getPermission().toString());
    }
  }

  @Test
  void theStickyBitStillGoesThroughHadoopsOwnPath() throws IOException {
    try (LocalFileSystem fs = fs()) {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "shared");
      assertTrue(fs.mkdirs(dir));
      fs.setPermission(dir, new FsPermission((short) 01777));
      FsPermission got = fs.getFileStatus(dir).getPermission();
      assertEquals("rwxrwxrwt", got.toString());
    }
  }

  @Test
  void aMissingFileIsAnIoError() throws IOException {
    try (LocalFileSystem fs = fs()) {
      org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "missing");
      assertThrows(IOException.class, () -> fs.setPermission(missing, new FsPermission((short) 0600)));
    }
  }
}
