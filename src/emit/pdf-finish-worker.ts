import {parentPort} from 'node:worker_threads'
import {finishPdf, type FinishInput} from './pdf-finish.ts'

// The worker thread of pdf-finisher.ts: finishes one PDF per message, in the order they come.
parentPort!.on('message', async ({id, input}: {id: number; input: FinishInput}) => {
  try {
    const finished = await finishPdf(input)
    parentPort!.postMessage({id, finished}, [finished.pdf.buffer as ArrayBuffer])
  } catch (error) {
    parentPort!.postMessage({id, error: error instanceof Error ? {message: error.message, stack: error.stack} : {message: String(error)}})
  }
})
