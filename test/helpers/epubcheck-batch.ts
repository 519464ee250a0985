// W3C EPUBCheck on many EPUBs in one JVM. One `java -jar epubcheck.jar` per file costs 4–7 s of
// start-up and schema loading on a 2-core machine (652 files: over half an hour); one JVM that
// loads the schemas once checks the same 652 in about a minute. The checker is the real one: the
// loop below calls EPUBCheck's own command-line entry point (`EpubChecker.run`) once per file, with
// the same arguments as `epubcheck(file)` in tools.ts, so the reports are identical.
//
// The same loop runs EPUBCheck 5.x (`epubcheck5Jar()`): `EpubChecker.run` is unchanged there, and
// its jar's manifest puts the `lib/*.jar` beside it on the class path, as Debian's does for 4.2.6.
//
// EPUBCheck 4.2.6's command line takes exactly one file, so the loop is a few lines of Java run
// with the source launcher (`java File.java`, Java 11+). That launcher lives in the `jdk.compiler`
// module, which Debian 12 ships in `openjdk-17-jre-headless` itself (what `apt-get install
// epubcheck` pulls in; a copy of that package's files alone runs this), so no JDK is needed.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {type EpubCheckReport, epubcheckJar, tempDir} from './tools.ts'

const source = `
import com.adobe.epubcheck.tool.EpubChecker;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Each line of the list file: an EPUB, a tab, where to write its JSON report. */
public class EpubCheckBatch {
  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Paths.get(args[0]))) {
      String[] pair = line.split("\\t");
      new EpubChecker().run(new String[] {pair[0], "--json", pair[1], "--quiet"});
    }
  }
}
`

/** EPUBCheck's JSON report for each EPUB, by path, all checked in one JVM by `jar` (default: the Debian 4.2.6). */
export function epubcheckBatch(files: readonly string[], jar = epubcheckJar()): Map<string, EpubCheckReport> {
  const modules = spawnSync('java', ['--list-modules'], {encoding: 'utf8'})
  if (modules.error) throw new Error('`java` is not installed; the tests need it: apt-get install epubcheck')
  if (!/^jdk\.compiler@/m.test(modules.stdout)) {
    throw new Error('This Java has no `jdk.compiler` module, which `java File.java` needs: apt-get install openjdk-17-jdk-headless')
  }
  const dir = tempDir('folio-epubcheck-batch-')
  fs.writeFileSync(path.join(dir, 'EpubCheckBatch.java'), source)
  const reports = files.map((file, i) => ({file, json: path.join(dir, `${i}.json`)}))
  fs.writeFileSync(path.join(dir, 'list.txt'), reports.map(({file, json}) => `${path.resolve(file)}\t${json}`).join('\n'))
  const run = spawnSync('java', ['-cp', jar, path.join(dir, 'EpubCheckBatch.java'), path.join(dir, 'list.txt')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  if (run.status !== 0) throw new Error(`EPUBCheck (one JVM for ${files.length} files) failed (${run.status}): ${run.stderr}`)
  const result = new Map<string, EpubCheckReport>()
  for (const {file, json} of reports) {
    if (!fs.existsSync(json)) throw new Error(`EPUBCheck wrote no report for ${file}: ${run.stderr}`)
    result.set(file, JSON.parse(fs.readFileSync(json, 'utf8')) as EpubCheckReport)
  }
  fs.rmSync(dir, {recursive: true, force: true})
  return result
}
