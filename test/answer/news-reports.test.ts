import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex, withCorpusIndex, type SeedIndex } from '../seed-index.js';

let fixture: SeedIndex;

/** News reports as a corpus of them comes (one JSON record a line, dated), naming no year in their text. */
beforeAll(async () => {
  fixture = await openCorpusIndex('news-reports', (corpusDir) => {
    const reports = [
      {
        id: 'airport',
        date: '2023-08-06',
        text: '中新网乌鲁木齐8月6日电 6日，记者从新疆机场集团获悉，8月5日，新疆机场集团单日旅客吞吐量创历史新高。其中乌鲁木齐机场单日旅客吞吐量95868人次、喀什机场单日旅客吞吐量14819人次。',
      },
      {
        id: 'escalator',
        date: '2023-07-21',
        text: '关键时刻，女孩帮同伴按停扶梯\n\n7月19日中午，武汉市新洲区某商场内一名男孩的右脚被卡进了自动扶梯内，同行的小女孩立刻跑到扶梯底部按下紧急制动按钮。消防员赶到后用液压扩张器将男孩的脚救出。',
      },
      {
        id: 'typhoon',
        date: '2023-08-07',
        text: '台风“卡努”或将北上影响东北地区\n\n新的一周，我们还要继续关注台风“卡努”的走势，“卡努”这周还存在影响我国东北地区的可能，而西北太平洋上又一个台风正在酝酿。',
      },
      {
        id: 'tipping',
        date: '2023-08-02',
        text: '高一学生用39万余元积蓄打赏主播\n\n福州一名高一学生小胡，在家长不知情的情况下，将家里的39万余元积蓄用来打赏直播平台的主播。金额最高的一次，小胡在一天给一个主播打赏超过10万元。',
      },
    ];
    writeFileSync(path.join(corpusDir, 'news.jsonl'), reports.map((report) => JSON.stringify(report)).join('\n'));
  });
});
afterAll(() => fixture.cleanup());

describe('a news report', () => {
  it('is of its own year where its text names none: a question naming that year is answered from it', async () => {
    const answer = await fixture.assistant.ask('2023年8月5日新疆机场集团单日旅客吞吐量创新高当天，喀什机场的单日旅客吞吐量是多少？');
    expect(answer.answered).toBe(true);
    // (Of the figures one clause lists with 、, the one whose own item names what is asked leads.)
    expect(answer.answer).toMatch(/^14819人次/);
  });

  it('that withholds a name ("某商场") does not answer a question for it', async () => {
    expect((await fixture.assistant.ask('7月19日武汉市新洲区一名男孩的右脚被卡进自动扶梯，同行的小女孩按下紧急制动按钮，事发商场叫什么名字？')).answered).toBe(false);
  });

  it('that brings a thing in unnamed ("一个主播") does not answer a question for its name', async () => {
    expect((await fixture.assistant.ask('福州高一学生小胡用39万余元积蓄打赏主播，他一天打赏超过10万元的那位主播叫什么名字？')).answered).toBe(false);
    // (Asked which one, not its name, a report naming it beside another unnamed still answers.)
    const typhoon = await fixture.assistant.ask('哪个台风可能影响东北地区？');
    expect(typhoon.answered).toBe(true);
    expect(typhoon.answer).toContain('卡努');
  });
});

describe('a report from a city', () => {
  it('is of its province: its dateline names 衢州, and a question naming 浙江 is answered from it', async () => {
    await withCorpusIndex('news-city', (corpusDir) => {
      writeFileSync(
        path.join(corpusDir, 'news.jsonl'),
        JSON.stringify({
          id: 'summer',
          date: '2023-07-27',
          text: '衢州市暑期支教公益行动江山站结营\n\n7月26日下午，由衢州市文明办主办的暑期支教公益行动在江山市结营。江山市共设78个暑期“春泥计划”实施点，总计开展活动1633课时，受益未成年人达50000余人次。',
        }),
      );
    }, async (local) => {
      const answer = await local.assistant.ask('2023年暑期浙江江山市“春泥计划”各实施点总计开展了多少课时活动？');
      expect(answer.answered).toBe(true);
      expect(answer.answer).toContain('1633课时');
    });
  });
});
