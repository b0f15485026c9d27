// Reference outputs of face-api.js itself (the original tfjs implementation, CPU backend) for the
// converter test: FaceApiReferenceTest compares the converted ONNX models with these numbers.
//
// Regenerate (numbers only are committed, never face images), see models/README.md:
//   1. FixtureFaces.main(OUT.bin) on the models test classpath writes the inputs (+ OUT.bin.names)
//   2. in a scratch folder: npm install @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 @vladmandic/face-api@1.7.15
//   3. node faceapi-reference.cjs OUT.bin models/src/test/resources/faceapi-reference.json
const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const SIZE = 112;
const FEATURES_KEPT = 16;

function weightMap(tf, modelDir, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}-weights_manifest.json`)));
  const buffers = manifest[0].paths.map((p) => fs.readFileSync(path.join(modelDir, p)));
  const data = Buffer.concat(buffers);
  return tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.length), manifest[0].weights);
}

const round = (values) => Array.from(values, (v) => Number(v.toPrecision(8)));

(async () => {
  const [inputFile, outputFile] = process.argv.slice(2);
  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const ageGender = faceapi.nets.ageGenderNet;
  ageGender.loadFromWeightMap(weightMap(tf, modelDir, 'age_gender_model'));
  const expression = faceapi.nets.faceExpressionNet;
  expression.loadFromWeightMap(weightMap(tf, modelDir, 'face_expression_model'));

  const raw = fs.readFileSync(inputFile);
  const pixels = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const names = fs.readFileSync(`${inputFile}.names`, 'utf8').trim().split('\n');
  const faces = [];
  for (let i = 0; i < names.length; i++) {
    const image = tf.tensor4d(pixels.slice(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3), [1, SIZE, SIZE, 3]);
    const input = await faceapi.toNetInput(image);
    const { age, gender } = ageGender.runNet(input);
    const ageGenderFeatures = tf.avgPool(ageGender.faceFeatureExtractor.forwardInput(input), [7, 7], [2, 2], 'valid');
    const expressionLogits = expression.runNet(input);
    const expressionFeatures = expression.faceFeatureExtractor.forwardInput(input);
    faces.push({
      face: names[i],
      age: round(age.dataSync()),
      gender: round(tf.softmax(gender).dataSync()),
      ageGenderFeatures: round(ageGenderFeatures.dataSync().slice(0, FEATURES_KEPT)),
      expression: round(tf.softmax(expressionLogits).dataSync()),
      expressionFeatures: round(expressionFeatures.dataSync().slice(0, FEATURES_KEPT)),
    });
  }
  const document = {
    about: 'face-api.js outputs (tfjs CPU backend) on the fixture faces of FixtureFaces; features: first 16 values',
    faceApi: require('@vladmandic/face-api/package.json').version,
    tfjs: tf.version['tfjs-core'],
    faces,
  };
  fs.writeFileSync(outputFile, `${JSON.stringify(document, null, 1)}\n`);
  console.log(`wrote ${faces.length} faces to ${outputFile}`);
})();
