// A partner's Kafka client that is not Java: KafkaJS, configured from nothing but the librdkafka.conf
// that `kith partner add --kafka` writes. Prints one JSON line with what happened.
//
//   node partner.mjs CONF read TOPIC UNTIL [WATCH...] read TOPIC from the start until a record holds UNTIL,
//                                                    telling which of the WATCH strings any record held
//   node partner.mjs CONF produce TOPIC KEY FILE SIG write FILE's bytes as one record, header kith-signature SIG
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';

const { Kafka, logLevel, Partitioners } = kafkajs;

const [conf, command, topic, ...rest] = process.argv.slice(2);
const settings = Object.fromEntries(readFileSync(conf, 'utf8').split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]));

const kafka = new Kafka({
  clientId: 'kafkajs-partner',
  brokers: settings['bootstrap.servers'].split(','),
  ssl: settings['security.protocol'] === 'sasl_ssl' ? { ca: [readFileSync(settings['ssl.ca.location'])] } : false,
  sasl: {
    mechanism: settings['sasl.mechanisms'].toLowerCase(),
    username: settings['sasl.username'],
    password: settings['sasl.password'],
  },
  logLevel: logLevel.NOTHING,
  retry: { retries: 3 },
});

const print = (result) => process.stdout.write(JSON.stringify(result) + '\n');

async function read(until, watched) {
  const consumer = kafka.consumer({
    groupId: settings['group.id'],
    readUncommitted: settings['isolation.level'] !== 'read_committed',
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
  } catch (e) {
    await consumer.disconnect();
    return { refused: e.type ?? e.name };
  }
  let records = 0;
  const seen = new Set();
  const found = new Promise((resolve) => consumer.run({
    eachMessage: async ({ message }) => {
      records++;
      const value = message.value.toString('utf8');
      watched.filter((w) => value.includes(w)).forEach((w) => seen.add(w));
      if (value.includes(until)) resolve();
    },
  }));
  let timer;
  const deadline = new Promise((resolve) => { timer = setTimeout(resolve, 60_000, 'timeout'); });
  const outcome = await Promise.race([found, deadline]);
  clearTimeout(timer);
  await consumer.disconnect();
  return { found: outcome !== 'timeout', records, seen: [...seen] };
}

async function produce(key, file, signature) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const [sent] = await producer.send({
      topic,
      messages: [{ key, value: readFileSync(file), headers: { 'kith-signature': signature } }],
    });
    return { produced: sent.baseOffset };
  } catch (e) {
    return { refused: e.type ?? e.name };
  } finally {
    await producer.disconnect();
  }
}

try {
  print(command === 'read' ? await read(rest[0], rest.slice(1)) : await produce(...rest));
} catch (e) {
  print({ error: e.type ?? e.name, message: e.message });
  process.exitCode = 1;
}
