import { describe, expect, it } from 'vitest';
import { asksRule, doerOfAct, expectedAnswerType, holdsAnswerType, leadSpan, personNames, polarPredicate, slotOfAct, verdictOf } from '../../../src/answer/question/answer-type.js';

describe('expectedAnswerType', () => {
  it('reads the answer type from the interrogative and the noun it asks about', () => {
    expect(expectedAnswerType('腾讯2023年第二季度营收是多少？')).toBe('number');
    expect(expectedAnswerType('试用期最长不得超过几个月')).toBe('number');
    expect(expectedAnswerType('谁主持了会议？')).toBe('person');
    expect(expectedAnswerType('会议在哪里举行？')).toBe('place');
    expect(expectedAnswerType('哪个部门负责审批？')).toBe('organisation');
    expect(expectedAnswerType('由哪个主管部门负责？')).toBe('organisation');
    expect(expectedAnswerType('劳动合同法什么时候施行？')).toBe('date');
    // 几 asks for a number, except for a day or month: 几号, 几月几号.
    expect(expectedAnswerType('动员部署会是几月几号开的？')).toBe('date');
    expect(expectedAnswerType('会议是几号召开的？')).toBe('date');
    expect(expectedAnswerType('一年能休几天年假？')).toBe('number');
    // 几 after 这, 那 or 好 says "a few": the question asks what its interrogative asks.
    expect(expectedAnswerType('我拖了好几天才去挂失，这几天里多出来的损失谁承担？')).toBe('person');
    expect(expectedAnswerType('介绍了好几次工作他都不去，会有什么后果？')).toBe('other');
    expect(expectedAnswerType('为什么要推进数字化？')).toBe('reason');
    expect(expectedAnswerType('如何申请补贴')).toBe('method');
    expect(expectedAnswerType('什么是数据资产？')).toBe('definition');
    expect(expectedAnswerType('企业可以申请吗')).toBe('yesno');
    expect(expectedAnswerType('徐顺娟强调哪个季节的养生？')).toBe('other');
  });
});

describe('holdsAnswerType', () => {
  it('finds a span of the asked type that the question does not state itself', () => {
    const question = '腾讯2023年第二季度营收是多少？';
    expect(holdsAnswerType('number', '腾讯2023年第二季度营收1492.08亿元，同比增长11%。', question)).toBe(true);
    // Only the question's own year: nothing answers.
    expect(holdsAnswerType('number', '腾讯公布了2023年第二季度业绩。', question)).toBe(false);
    // A number in words before a unit of measure, as statutes print distances and weights.
    expect(holdsAnswerType('number', '在距执勤点至少二百米处开始摆放警告标志。', '警告标志要从离执勤点多远开始摆？')).toBe(true);
    expect(holdsAnswerType('number', '他们开了一场听证会。', '听证会上赞成的有几票？')).toBe(false);
    expect(holdsAnswerType('date', '本法自2008年1月1日起施行。', '劳动合同法什么时候施行？')).toBe(true);
    expect(holdsAnswerType('person', '李强主持会议。', '谁主持了会议？')).toBe(true);
    expect(holdsAnswerType('person', '会议研究了有关工作。', '谁主持了会议？')).toBe(false);
    expect(holdsAnswerType('definition', '数据资产是指企业拥有的数据资源。', '什么是数据资产？')).toBe(true);
  });
});

describe('leadSpan', () => {
  it('leads a who or when answer with the name or date nearest the question words, never one the question states', () => {
    // (With the title it is printed with.)
    expect(leadSpan('person', '国务院总理李强主持召开国务院常务会议，研究部署有关工作。', '谁主持了会议？', ['主持', '会议'])).toBe('国务院总理李强');
    expect(leadSpan('date', '本法自2008年1月1日起施行。', '劳动合同法什么时候施行？', ['施行'])).toBe('2008年1月1日');
    // A date the question states is not the answer: the other one the sentence gives is.
    expect(leadSpan('date', '6月1日起试运行，8月3日起正式开通。', '6月1日试运行的航线哪天正式开通？', ['正式开通'])).toBe('8月3日');
    // A span of dates, whole.
    expect(leadSpan('date', '企业应当于每年1月1日至6月30日，通过企业信用信息公示系统报送上一年度年度报告。', '企业年度报告每年什么时候报送？', ['报送', '年度报告'])).toBe('1月1日至6月30日');
    // A name leads only beside a word of the question: the role or act it holds, not a name elsewhere.
    expect(leadSpan('person', '会议传达学习了习近平总书记重要讲话精神，国务院总理李强主持会议。', '谁主持了这次会议？', ['主持', '会议'])).toBe('国务院总理李强');
    expect(leadSpan('person', '会议认真学习习近平总书记重要讲话精神。', '会议学习了谁的讲话精神？', ['学习', '讲话精神'])).toBe('习近平总书记');
    expect(leadSpan('person', '他强调，要深入贯彻落实习近平总书记的重要指示精神，加快恢复生产生活秩序。', '谁强调了要加快恢复生产生活秩序？', ['强调', '加快', '恢复', '生产生活秩序'])).toBeUndefined();
    // No name of the kind asked, or a kind a lead could get wrong: no lead.
    expect(leadSpan('person', '会议研究了有关工作。', '谁主持了会议？', ['会议'])).toBeUndefined();
    expect(leadSpan('organisation', '由国家发展改革委负责审批。', '哪个部门负责审批？', ['负责', '审批'])).toBeUndefined();
  });

  it("reads a part of a year or month as a time, not a report's dateline nor a word that starts like one", () => {
    expect(leadSpan('date', '到2025年底前，基本建立燃气安全管理长效机制。', '长效机制的目标是什么时候？', ['长效机制'])).toBe('2025年底');
    expect(leadSpan('date', '到2025年初步建成全国统一大市场。', '全国统一大市场什么时候建成？', ['建成', '全国统一大市场'])).toBe('2025年');
    expect(leadSpan('date', '新华社北京7月20日电 国家防总7月22日启动防汛四级应急响应。', '国家防总哪天启动了应急响应？', ['国家防总', '启动'], '2023-07-20')).toBe('7月22日');
    expect(leadSpan('date', '双方于7月20日电话会议中达成一致。', '双方哪天开的电话会议？', ['电话会议'])).toBe('7月20日');
  });

  it("reads a report's day printed alone in the month it last named, or the report's own month", () => {
    expect(leadSpan('date', '8月7日，记者获悉，日本首相岸田文雄计划于18日赴美。', '岸田文雄计划于何时赴美？', ['岸田文雄', '计划', '赴美'], '2023-08-07')).toBe('8月18日');
    expect(leadSpan('date', '新华社南宁电 10日6时17分，累计货运量突破1亿吨。', '累计货运量是在哪一天突破1亿吨的？', ['累计', '货运量'], '2023-08-10')).toBe('8月10日6时17分');
    // (With the time of day printed after it.)
    expect(leadSpan('date', '预计“卡努”将于8月2日夜间移入东海。', '“卡努”预计什么时间移入东海？', ['卡努', '移入', '东海'], '2023-08-01')).toBe('8月2日夜间');
    expect(leadSpan('date', '水利部于28日12时启动洪水防御Ⅲ级应急响应。', '水利部何时启动了应急响应？', ['水利部', '启动'], '2023-07-28')).toBe('7月28日12时');
    // A count of days is not a date.
    expect(leadSpan('date', '应当自受理之日起30日内作出决定。', '什么时候作出决定？', ['作出', '决定'], '2023-08-07')).toBeUndefined();
  });

  it('leads a where-question with the place between a locative and the act asked about', () => {
    expect(leadSpan('place', '峰会将于7月27日至28日在圣彼得堡举行，主题为“为了和平”。', '峰会在哪里举行？', ['峰会', '举行'])).toBe('圣彼得堡');
    // A time in that slot is no place; the preposition before a place is not part of it.
    expect(leadSpan('place', '会议将于7月27日举行。', '会议在哪里举行？', ['会议', '举行'])).toBeUndefined();
    expect(leadSpan('place', '日本首相将赴美国与总统会晤。', '日本首相将去哪里会晤？', ['会晤'])).toBe('美国');
  });

  it('leads with a name printed after a title, though jieba does not know the name', () => {
    expect(leadSpan('person', '推特首席执行官琳达·亚卡里诺发文，宣布推特标志改为X。', '谁宣布了推特新标志？', ['宣布', '推特'])).toBe('首席执行官琳达·亚卡里诺');
    // (A title says which of two names is one: jieba also tags 洪水 as a name.)
    expect(leadSpan('person', '辅警康安友在洪水里将小女孩托举过肩。', '谁救出了小女孩？', ['小女孩'])).toBe('辅警康安友');
  });
});

describe('personNames', () => {
  it('reads the name after a title up to the next verb, number or place', () => {
    const names = (sentence: string) => personNames(sentence).filter((n) => n.titled).map((n) => n.text);
    expect(names('外交部发言人汪文斌表示，中方坚决反对。')).toEqual(['汪文斌']);
    expect(names('波兰国防部长布瓦什恰克10日宣布向边境增派兵力。')).toEqual(['布瓦什恰克']);
    expect(names('记者李明北京报道')).toEqual(['李明']);
    expect(names('记者他们表示，中方坚决反对。')).toEqual([]);
    expect(names('会议研究了有关工作。')).toEqual([]);
  });
});

describe('doerOfAct', () => {
  it('reads who did what a "谁 + act" question asks as the body or name printed before the act', () => {
    expect(doerOfAct('为保障市场价格基本稳定，市场监管总局5日发布关于汛期维护市场价格秩序稳定的公告。', '谁发布了关于汛期维护市场价格秩序稳定的公告？')).toBe('市场监管总局');
    expect(doerOfAct('俄罗斯上月宣布，由于协议中关于俄罗斯的部分未得到执行，俄方退出该协议。', '谁宣布退出黑海粮食外运协议？')).toBe('俄罗斯');
    expect(doerOfAct('情节恶劣，经最高人民检察院核准追诉的，应当负刑事责任。', '谁来核准追诉？')).toBe('最高人民检察院');
    // A name jieba does not know, made up by its HMM and tagged x.
    expect(doerOfAct('祁生鹏获得厨王争霸赛个人奖冠军。', '谁获得了厨王争霸赛个人奖冠军？')).toBe('祁生鹏');
  });

  it('does not take a pronoun or a count jieba does not know for a name', () => {
    expect(doerOfAct('我局近日印发了《关于加强安全生产的通知》。', '谁印发了《关于加强安全生产的通知》？')).toBeUndefined();
    expect(doerOfAct('两人获得厨王争霸赛个人奖冠军。', '谁获得了厨王争霸赛个人奖冠军？')).toBeUndefined();
  });

  it('leads with nothing where the words before the act are its circumstances, or the question asks whom', () => {
    expect(doerOfAct('中央政法委日前召开全体会议，会议提出要依法从重打击电信网络诈骗。', '谁提出了要依法从重打击电信网络诈骗？')).toBeUndefined();
    expect(doerOfAct('有人提议将这场比赛变为慈善比赛。', '谁提议将这场比赛变为慈善比赛？')).toBeUndefined();
    expect(doerOfAct('警方向家长发送了预防犯罪的通知。', '警方向谁发送有关预防犯罪的通知？')).toBeUndefined();
  });
});

describe('slotOfAct', () => {
  it('reads what a "V 什么 N" question asks for where the sentence prints it, between the act and the noun', () => {
    expect(slotOfAct('会议提出，要研究制定金融支持民营企业的指导性文件，加大支持力度。', '潘功胜提到要制定什么文件？')).toBe('金融支持民营企业的指导性文件');
    // (Past a verb the act is compounded with: "制定出台…".)
    expect(slotOfAct('人民银行将制定出台金融支持民营企业的指导性文件。', '中国人民银行将制定什么文件？')).toBe('金融支持民营企业的指导性文件');
    expect(slotOfAct('希望广大科技工作者积极支持和参与科普事业。', '习近平希望科技工作者支持和参与什么事业？')).toBe('科普事业');
  });

  it('reads the act past its aspect particle, to the first noun the sentence prints, and the whole object where no noun follows', () => {
    expect(slotOfAct('另外，鸿蒙4采用程序隔离等多层次的安全防护机制，保护用户隐私。', 'HarmonyOS4采用了什么安全防护机制？')).toBe('程序隔离等多层次的安全防护机制');
    expect(slotOfAct('通过“政府-企业-金融机构”对接协作机制，提供精准金融支持。', '一链一策一批通过什么机制提供金融支持？')).toBe('“政府-企业-金融机构”对接协作机制');
    expect(slotOfAct('国家防总8日启动防汛四级应急响应。', '启动了什么级别的应急响应？')).toBe('防汛四级应急响应');
    expect(slotOfAct('消防人员还为灾区群众提供了餐食和饮用水，并协助转移老人。', '消防人员为灾区群众提供了什么？')).toBe('餐食和饮用水');
    // "V的是什么" asks what is V-ed.
    expect(slotOfAct('此次，HarmonyOS4将引入多模态交互技术，提供多样化的交互方式。', 'HarmonyOS4引入的是什么技术？')).toBe('多模态交互技术');
    // After 把 or 以 a verb follows the object asked for.
    expect(slotOfAct('试图把国际原子能机构的综合评估报告当作通行证，摆出排海势在必行的架势。', '日本政府试图把什么当作“通行证”？')).toBe('国际原子能机构的综合评估报告');
    expect(slotOfAct('和谈应以国际法基本原则为核心。', '俄乌和谈应以什么为核心？')).toBe('国际法基本原则');
  });

  it('reads a name of the class asked about ("哪个部门", "什么团队") up to the question\'s next word, or with the noun the class qualifies', () => {
    expect(slotOfAct('针对农田大面积积水，应急管理部联合农业农村部下发紧急通知，部署抢排工作。', '应急管理部联合哪个部门下发了紧急通知？')).toBe('农业农村部');
    expect(slotOfAct('西共体计划派遣一个议会委员会前往尼日尔，与军方接触。', '西共体计划派遣什么团队前往尼日尔？')).toBe('议会委员会');
    expect(slotOfAct('金正恩当天亲自试驾了新型多功能装甲车。', '金正恩试驾了什么类型的装甲车？')).toBe('新型多功能装甲车');
    // 谁 as an object: up to the verb after it, or with the noun after 谁的.
    expect(slotOfAct('并将遭受网络攻击的情况向辖区公安机关报案。', '武汉市应急管理局已经向谁报案？')).toBe('辖区公安机关');
    expect(slotOfAct('把广大技能人才最广泛最紧密地团结在党的周围。', '要把技能人才团结在谁的周围？')).toBe('党的周围');
  });

  it('leads with nothing from a negated act or an object that names nothing', () => {
    expect(slotOfAct('专家将评估这些措施对群众生活产生了何种影响。', '这些措施对群众生活产生了什么影响？')).toBeUndefined();
    expect(slotOfAct('韩警方在检查后并未发现疑似爆炸物或检出气体。', '这些可疑包裹疑似什么？')).toBeUndefined();
    expect(slotOfAct('美国大使馆没有向他们提供任何帮助。', '美国大使馆在乌克兰事件中提供了什么帮助？')).toBeUndefined();
    expect(slotOfAct('美国大使馆拒绝提供任何帮助。', '美国大使馆在乌克兰事件中提供了什么帮助？')).toBeUndefined();
  });

  it('leads with nothing where the sentence does not print the noun after the act, or only repeats the question', () => {
    expect(slotOfAct('会议要求加大支持力度，制定相关措施。', '潘功胜提到要制定什么文件？')).toBeUndefined();
    expect(slotOfAct('要制定文件。', '要制定什么文件？')).toBeUndefined();
    // The answer quotes two clauses that state the act: which one is asked is left open.
    const quoted = '先进级智能工厂打造区域领先的发展标杆；领航级智能工厂打造全球领先的发展标杆。';
    expect(slotOfAct('先进级智能工厂打造区域领先的发展标杆；', '最高那一级要打造什么样的标杆？', quoted)).toBeUndefined();
    // A copula asks for a definition, not a slot.
    expect(slotOfAct('这是一种新型材料。', '石墨烯是什么材料？')).toBeUndefined();
  });
});

describe('verdictOf', () => {
  it('reads what a yes-or-no question asks, past the words that only set the scene', () => {
    expect(polarPredicate('省里能不能把核准权限再往下放？')).toEqual({ predicate: '把核准权限再往下放', truth: false });
    expect(polarPredicate('韩日两国的工作磋商是否已经结束？')).toEqual({ predicate: '已经结束', truth: true });
    // Before a final 吗, 几 says "a few": the question asks yes or no.
    expect(polarPredicate('房前屋后种的几棵杨树想砍了卖，需要去林业部门办采伐证吗？')?.predicate).toBe('需要去林业部门办采伐证');
    expect(polarPredicate('工伤认定要在多长时间内申请？')).toBeUndefined();
    expect(polarPredicate('死亡赔偿金是按城镇标准还是农村标准算？')).toBeUndefined();
  });

  it("reads the case a rule names first as its case, and its verdict in the next clause", () => {
    expect(verdictOf('不缴纳社会保险费的用人单位，应当补缴。', '用人单位需要补缴社会保险费吗？')).toBe('应当补缴');
    expect(verdictOf('用人单位未按时足额缴纳社会保险费的，由社会保险费征收机构责令限期缴纳或者补足。', '用人单位是否需要补缴社会保险费？')).toBeUndefined();
    expect(verdictOf('劳动者提出解除劳动合同，用人单位应当支付经济补偿。', '劳动者能否解除劳动合同？')).toBeUndefined();
  });

  it('tells a question on what may or must be done, which a rule answers, from one on whether something is so', () => {
    for (const question of ['省里能不能把核准权限下放给市县？', '投资审批改革意见允许吗？', '是否需要再做科技伦理专家复核？', '还要不要做价格认定？', '协会负责人可不可以在企业任职？']) {
      expect(asksRule(question), question).toBe(true);
    }
    for (const question of ['韩日两国的工作磋商是否已经结束？', '袭击者被击毙了吗？', '核准权限由哪一级政府行使？']) {
      expect(asksRule(question), question).toBe(false);
    }
  });

  it('reads an A-not-A pair of two-character words whole, and leads without quote marks', () => {
    expect(polarPredicate('用人单位可不可以解除劳动合同？')).toEqual({ predicate: '解除劳动合同', truth: false });
    expect(polarPredicate('协会负责人是否可以由理事会选举？')?.truth).toBe(false);
    expect(verdictOf('申请人不得“重复申请”。', '申请人能不能重复申请？')).toBe('不得重复申请');
  });

  it("leads with the rule's own verdict, from its negation or modal verb, in the clause that states what is asked or the next", () => {
    expect(verdictOf('第五十六条 农村居民采伐自留地和房前屋后个人所有的零星林木，不需要申请采伐许可证。', '自家房前屋后种的几棵杨树想砍了卖，需要办采伐许可证吗？')).toBe('不需要申请采伐许可证');
    expect(verdictOf('国家规定由省级政府核准的项目，核准权限不得下放。', '省里能不能把核准权限再往下放？')).toBe('不得下放');
    // (Whom it would go to, 给市县, is not the act asked about.)
    expect(verdictOf('国家规定由省级政府核准的项目，核准权限不得下放。', '省里能不能把核准权限下放给市县？')).toBe('不得下放');
    expect(verdictOf('实行政府定价、政府指导价的涉案财物，不进行价格认定。', '实行政府定价的财物也要做价格认定吗？')).toBe('不进行价格认定');
  });

  it('says yes only to a plain statement of most of what is asked, and nothing where no clause states it', () => {
    expect(verdictOf('韩日两国就排海问题展开的工作磋商目前已经全部结束。', '韩日两国的工作磋商是否已经结束？')).toBe('是的，韩日两国就排海问题展开的工作磋商目前已经全部结束');
    // The act is what the sentence says Japan should do (应), not what it did: no yes.
    expect(verdictOf('日本政府应全面回应国际社会的关切，停止强推排海计划。', '日本政府是否停止强推排海计划？')).toBeUndefined();
    // Nor to a statement that negates it in a word of its own (不是), or that a later clause restricts (但不得).
    expect(verdictOf('年终奖不是法定福利。', '年终奖是不是法定福利？')).toBeUndefined();
    expect(verdictOf('国家支持企业开展技术创新，但不得违反法律规定。', '国家是否支持企业开展技术创新？')).toBeUndefined();
    expect(verdictOf('现在5G-A用户已超过1000万。', '现在5G-A用户有多少了 俺想着要不要换个套餐')).toBeUndefined();
    // A clause about another object (玉米, not 紫菜) gives no verdict on it; a number asked about is a figure's to check.
    expect(verdictOf('甲亢患者应尽量避免食用玉米。', '甲亢患者应该避免食用紫菜吗？')).toBeUndefined();
    expect(verdictOf('初产妇年龄超过35周岁的。', '考公务员报名年龄上限是不是35周岁？')).toBeUndefined();
    // "是不是法定的" asks too little to match: 规定的 and 法定标准 share only its particle and one pair.
    expect(verdictOf('用人单位规章制度规定的年休假天数、未休年休假工资报酬高于法定标准的，用人单位应当按照有关约定执行。', '职工的十三薪是不是法定的？')).toBeUndefined();
    // Asked what may be done, a plain statement is no verdict.
    expect(verdictOf('协会设立企业的负责人由理事会选举产生。', '协会设立企业的负责人能不能由理事会选举？')).toBeUndefined();
  });
});

describe('verdictOf on lists', () => {
  it('gives no verdict from a rule for the cases it lists, and leads without the quote marks around a clause', () => {
    expect(verdictOf('对下列情形中涉及的涉案财物，价格认定机构应当进行价格认定：涉嫌违纪违法案件；', '实行政府指导价的涉案财物还要做价格认定吗？')).toBeUndefined();
    // A modal verb after a preposition names what a rule is for; it is no verdict, nor is its clause a plain yes.
    expect(verdictOf('提出机关对应当进行价格认定的涉案财物，向价格认定机构提出价格认定协助申请。', '实行政府指导价的涉案财物，提出机关还能申请价格认定吗？')).toBeUndefined();
    expect(verdictOf('副警司说：“两名袭击者在行动中被击毙，目前行动已经结束。”', '袭击者被击毙了吗？')).toBe('是的，两名袭击者在行动中被击毙');
  });
});
